// The county filter: as one types, the counties of one's scope whose name holds the text are offered.
(function () {
  document.querySelectorAll("input[data-county-search]").forEach(function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-options";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = input.dataset.countySearch + "?q=" + encodeURIComponent(input.value);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { counties: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.counties.map(function (county) {
              var option = document.createElement("option");
              option.value = county.name;
              option.label = county.city ? county.name + "（" + county.city + "）" : county.name;
              return option;
            }));
          })
          .catch(function () { /* the typed text still filters when the form is sent */ });
      }, 200);
    });
  });
})();
