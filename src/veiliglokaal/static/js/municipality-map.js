// The municipality and its safety region as vector layers. No tiles unless the deployment allows PDOK.
(function () {
  "use strict";
  var created = VL.createMap("kaart", "Grenzen: CBS/PDOK, CC BY 4.0");
  var map = created.map, data = created.data;
  var region = L.geoJSON(data.region, {
    style: { color: "#8a6d00", weight: 2, dashArray: "6 4", fillColor: "#8a6d00", fillOpacity: 0.12 }
  }).bindTooltip(VL.text("Veiligheidsregio " + data.region.properties.name)).addTo(map);
  L.geoJSON(data.municipality, {
    style: { color: "#00689e", weight: 3, fillColor: "#00689e", fillOpacity: 0.45 }
  }).bindTooltip(VL.text("Gemeente " + data.municipality.properties.name)).addTo(map);
  map.fitBounds(region.getBounds(), { padding: [10, 10] });
  document.getElementById("kaart").setAttribute("data-ready", "true");
})();
