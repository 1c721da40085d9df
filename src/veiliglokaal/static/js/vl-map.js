// Shared Leaflet set-up for every map: data from the page's json_script, vector layers only unless the
// deployment allows the PDOK background tiles, and a source line in the attribution.
window.VL = window.VL || {};
// Every label on a map (tooltip, popup) is text, never HTML: Leaflet inserts a string with innerHTML, so names
// from data (BAG streets, gazetteer places, buurten) go in as a text node inside an element.
window.VL.text = function (value) {
  "use strict";
  var span = document.createElement("span");
  span.textContent = value === null || value === undefined ? "" : String(value);
  return span;
};
// Only same-site paths are followed from a map (never javascript: or another host).
window.VL.sitePath = function (url) {
  "use strict";
  return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" && url.charAt(1) !== "\\" ? url : null;
};
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
