"""Each password rule, through the same validators the password forms and the admin use."""
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory

GOOD = "Hanyin-Dudao-2024"


def refusal_codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhangwei", first_name="伟", last_name="张", email="zhangwei@example.gov.cn")


def test_a_good_password_passes(zhang):
    assert refusal_codes(GOOD, zhang) == set()


def test_at_least_twelve_characters(zhang):
    assert refusal_codes("Hanyin-2024", zhang) == {"password_too_short"}  # 11
    assert refusal_codes("Hanyin-20245", zhang) == set()  # 12


@pytest.mark.parametrize("password", ["hanyindudaozu", "hanyindudao24", "HANYIN-DUDAO-ZU"])
def test_three_kinds_of_characters(zhang, password):
    assert refusal_codes(password, zhang) == {"password_too_simple"}


def test_the_kinds_are_lower_upper_digits_and_symbols(zhang):
    assert refusal_codes("hanyin-dudao-24", zhang) == set()  # lower, symbol, digit
    assert refusal_codes("HANYIN-DUDAO-24", zhang) == set()  # upper, symbol, digit


def test_not_like_the_users_own_names(zhang):
    assert "password_too_similar" in refusal_codes("Zhangwei@2024", zhang)
    assert "password_too_similar" in refusal_codes("Zhangwei.example", zhang)  # the e-mail address


def test_not_a_common_password(zhang):
    assert refusal_codes("Password1234", zhang) == {"password_too_common"}


def test_the_passwords_the_issue_found_accepted_are_refused(zhang):
    assert refusal_codes("12345678", zhang) >= {"password_too_short", "password_entirely_numeric"}
    assert "password_too_similar" in refusal_codes("zhangwei", zhang)


def test_the_password_change_page_applies_the_rules(client, zhang):
    client.force_login(zhang)

    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-12345678", "new_password1": "hanyindudao24", "new_password2": "hanyindudao24"},
    )

    assert response.status_code == 200
    assert "密码须包含小写字母、大写字母、数字、符号中的至少3类。" in response.content.decode()
    zhang.refresh_from_db()
    assert zhang.check_password("pw-12345678")
