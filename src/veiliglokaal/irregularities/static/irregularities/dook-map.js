// DOOK maps. Area layer: counts per buurt/hexagon fetched from the page's layer endpoint (aggregates only).
// Points layer (worklist, after a stated purpose): the signals listed on the same page, each a focusable link.
// Every shape is reachable with Tab and announces its label; the table on the page carries the same data.
(function () {
  "use strict";
  var element = document.getElementById("kaart");
  if (!element) { return; }
  var created = VL.createMap("kaart", "Gebieden: CBS/PDOK, CC BY 4.0; signalen: eigen berekening (DOOK)");
  var map = created.map, data = created.data;
  var DEFAULT_VIEW = [52.3, 5.63];

  function focusable(item, label, onEnter) {
    item.on("add", function () {
      var node = item.getElement && item.getElement();
      if (!node) { return; }
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", onEnter ? "link" : "img");
      node.setAttribute("aria-label", label);
      node.addEventListener("focus", function () { item.openTooltip(); });
      node.addEventListener("blur", function () { item.closeTooltip(); });
      if (onEnter) {
        node.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { onEnter(); }
        });
      }
    });
  }

  function ready(bounds) {
    if (bounds && bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); } else { map.setView(DEFAULT_VIEW, 11); }
    element.setAttribute("data-ready", "true");
  }

  function showAreas(collection) {
    var layer = L.geoJSON(collection, {
      style: function (feature) {
        return { color: "#444", weight: 0.8, fillColor: feature.properties.colour, fillOpacity: 0.85 };
      },
      onEachFeature: function (feature, item) {
        item.bindTooltip(VL.text(feature.properties.label), { sticky: true });
        focusable(item, feature.properties.label, null);
      }
    }).addTo(map);
    ready(layer.getBounds());
  }

  function showPoints(points) {
    var group = L.featureGroup();
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lon], { radius: 7, color: "#08306b", weight: 2, fillColor: "#f4a100", fillOpacity: 0.95 });
      var url = VL.sitePath(point.url);
      function follow() { if (url) { window.location.href = url; } }
      marker.bindTooltip(VL.text(point.label));
      marker.on("click", follow);
      focusable(marker, point.label, follow);
      group.addLayer(marker);
    });
    group.addTo(map);
    ready(group.getBounds());
  }

  if (data.points) {
    showPoints(data.points);
  } else if (data.layerUrl) {
    fetch(data.layerUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(showAreas)
      .catch(function () { ready(null); });
  }
})();
