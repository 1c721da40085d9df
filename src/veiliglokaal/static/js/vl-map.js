// Shared Leaflet set-up for every map: data from the page's json_script, vector layers only unless the
// deployment allows the PDOK background tiles, and a source line in the attribution.
window.VL = window.VL || {};
window.VL.createMap = function (elementId, attribution) {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var map = L.map(elementId, { attributionControl: true, zoomSnap: 0.25 });
  if (data.pdokTiles) {
    L.tileLayer("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "Kaartgegevens: PDOK (BRT-Achtergrondkaart), CC BY 4.0"
    }).addTo(map);
  }
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(attribution);
  return { map: map, data: data };
};
