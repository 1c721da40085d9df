// Choropleth of one indicator for all municipalities. Every municipality is keyboard-focusable and shows its
// value in a tooltip on hover and on focus. No tiles unless the deployment allows PDOK.
(function () {
  "use strict";
  var created = VL.createMap("kaart", "Grenzen: CBS/PDOK, CC BY 4.0; cijfers: Politie/CBS, CC BY 4.0");
  var map = created.map, data = created.data;
  var features = data.features.filter(function (f) { return f.geometry; });
  var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
    style: function (feature) {
      var own = feature.properties.code === data.own;
      return { color: own ? "#000" : "#555", weight: own ? 3 : 0.6, fillColor: feature.properties.colour, fillOpacity: 0.9 };
    },
    onEachFeature: function (feature, item) {
      item.bindTooltip(VL.text(feature.properties.label), { sticky: true });
      item.on("add", function () {
        var element = item.getElement && item.getElement();
        if (!element) { return; }
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "img");
        element.setAttribute("aria-label", feature.properties.label);
        element.addEventListener("focus", function () {
          item.setStyle({ weight: 3, color: "#0b57d0" });
          item.openTooltip(item.getBounds().getCenter());
        });
        element.addEventListener("blur", function () {
          layer.resetStyle(item);
          item.closeTooltip();
        });
      });
    }
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [10, 10] });
  document.getElementById("kaart").setAttribute("data-ready", "true");
})();
