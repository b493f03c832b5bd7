from tests.factories import RectificationItemFactory
from reports.demo.builder import RESEARCH_TOPICS, STUDY_PLAN, _study_and_research
from tracker.models import ResearchTopic, StudySession


def test_demo_study_and_research_link_research_problems_and_run_once(county_a):
    found_by_research = RectificationItemFactory(county=county_a, source="research")
    other = RectificationItemFactory(county=county_a, source="public")
    for _ in range(2):
        _study_and_research({"甲县": county_a})
    assert StudySession.objects.filter(county=county_a).count() == len(STUDY_PLAN)
    assert ResearchTopic.objects.filter(county=county_a).count() == len(RESEARCH_TOPICS)
    found_by_research.refresh_from_db()
    other.refresh_from_db()
    assert found_by_research.research_topic.title == RESEARCH_TOPICS[0][0]
    assert other.research_topic is None
