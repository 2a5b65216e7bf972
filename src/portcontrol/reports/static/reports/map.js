// The map of routes and seizure places, drawn from files of this server only: country borders
// from the vendored world-atlas file instead of a tile server, so it works with no internet.
(function () {
  "use strict";

  var element = document.getElementById("route-map");
  if (!element || !window.L || !window.topojson) {
    return;
  }
  var labels = JSON.parse(document.getElementById("map-labels").textContent);
  var map = L.map(element, { worldCopyJump: true, minZoom: 2, maxZoom: 10 });
  map.attributionControl.addAttribution("Natural Earth");
  // The Caspian Sea until the data says where to look.
  map.setView([41.5, 51.0], 5);

  var borders = L.layerGroup().addTo(map);
  var drawn = L.featureGroup().addTo(map);

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ": " + response.status);
      }
      return response.json();
    });
  }

  getJson(element.dataset.borders).then(function (world) {
    var countries = topojson.feature(world, world.objects.countries);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#8a99a8", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(borders);
  });

  // Popups are built from DOM nodes, never from HTML strings: references come from users.
  function node(tag, text, attributes) {
    var made = document.createElement(tag);
    if (text) {
      made.textContent = text;
    }
    Object.keys(attributes || {}).forEach(function (name) {
      made.setAttribute(name, attributes[name]);
    });
    return made;
  }

  function link(text, url) {
    return url ? node("a", text, { href: url }) : node("span", text);
  }

  function placePopup(place) {
    var box = node("div");
    box.appendChild(node("strong", place.code + " " + place.name));
    box.appendChild(node("div", place.count + " " + labels.seizures));
    var list = node("ul");
    place.seizures.forEach(function (seizure) {
      var item = node("li");
      item.appendChild(link(seizure.reference, seizure.url));
      item.appendChild(
        document.createTextNode(
          " " + seizure.seized_at + " · " + seizure.category_label + " · " + seizure.quantity
        )
      );
      list.appendChild(item);
    });
    box.appendChild(list);
    if (place.list_url) {
      box.appendChild(link(labels.all, place.list_url));
    }
    return box;
  }

  function drawPort(seen, code, name, point) {
    if (seen[code]) {
      return;
    }
    seen[code] = true;
    L.circleMarker(point, { radius: 3, color: "#10283f", weight: 1, fillOpacity: 1 })
      .bindTooltip(code + " " + name)
      .addTo(drawn);
  }

  function draw(data) {
    var ports = {};
    data.routes.forEach(function (route) {
      drawPort(ports, route.from, route.from_name, route.line[0]);
      drawPort(ports, route.to, route.to_name, route.line[1]);
      L.polyline(route.line, {
        color: "#0b5cad",
        opacity: 0.8,
        weight: Math.min(10, 2 + Math.log2(route.voyages)),
      })
        .bindTooltip(
          route.from + " → " + route.to + ": " + route.voyages + " " + labels.voyages
        )
        .addTo(drawn);
    });
    data.places.forEach(function (place) {
      L.circleMarker([place.lat, place.lon], {
        radius: Math.min(18, 6 + 2 * Math.sqrt(place.count)),
        color: "#7d1a14",
        weight: 1,
        fillColor: "#b3261e",
        fillOpacity: 0.85,
      })
        .bindPopup(placePopup(place))
        .addTo(drawn);
    });
    if (drawn.getLayers().length) {
      map.fitBounds(drawn.getBounds().pad(0.3), { maxZoom: 7 });
    }
  }

  getJson(element.dataset.source).then(draw);
})();
