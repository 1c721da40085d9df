// The alert's place and the other places named in its evidence posts, on the municipality (vector layers only).
(function () {
  "use strict";
  var created = VL.createMap("kaart", "Grenzen: CBS/PDOK, CC BY 4.0; plaatsen: CBS-buurten, BAG, eigen herkenningspunten");
  var map = created.map, data = created.data;
  var outline = L.geoJSON(data.municipality, {
    style: { color: "#00689e", weight: 2, fillColor: "#00689e", fillOpacity: 0.08 }
  }).addTo(map);
  var bounds = outline.getBounds();
  map.fitBounds(bounds, { padding: [10, 10] });  // markers need a view before they are added
  data.places.forEach(function (place) {
    var marker = L.circleMarker([place.lat, place.lon], {
      radius: 6 + Math.min(place.count, 20), color: place.isAlertPlace ? "#a4262c" : "#5c4a00", weight: 2,
      fillColor: place.isAlertPlace ? "#d13438" : "#c19c00", fillOpacity: 0.6
    }).bindTooltip(VL.text(place.name + ": " + place.count + " bericht(en)")).addTo(map);
    bounds.extend(marker.getLatLng());
  });
  map.fitBounds(bounds, { padding: [10, 10] });
  document.getElementById("kaart").setAttribute("data-ready", "true");
})();
