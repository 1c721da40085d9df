// The municipality and its safety region as vector layers. No tiles unless the deployment allows PDOK.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var map = L.map("kaart", { attributionControl: true, zoomSnap: 0.25 });
  if (data.pdokTiles) {
    L.tileLayer("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "Kaartgegevens: PDOK (BRT-Achtergrondkaart), CC BY 4.0"
    }).addTo(map);
  }
  var region = L.geoJSON(data.region, {
    style: { color: "#8a6d00", weight: 2, dashArray: "6 4", fillColor: "#8a6d00", fillOpacity: 0.12 }
  }).bindTooltip("Veiligheidsregio " + data.region.properties.name).addTo(map);
  L.geoJSON(data.municipality, {
    style: { color: "#00689e", weight: 3, fillColor: "#00689e", fillOpacity: 0.45 }
  }).bindTooltip("Gemeente " + data.municipality.properties.name).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Grenzen: CBS/PDOK, CC BY 4.0");
  map.fitBounds(region.getBounds(), { padding: [10, 10] });
  document.getElementById("kaart").setAttribute("data-ready", "true");
})();
