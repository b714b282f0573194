/*
 * report-map.js: lets a resident point at the place on a map in the report
 * form, or use "my location", as an extra over the form's buurt list and
 * address field (which stay and work without JavaScript).
 *
 * It takes <div class="wr-pick-map" data-geojson="/open-data/wijken.geojson"
 * data-tiles="" data-text-*="..."> inside the location fieldset, fills the
 * hidden lat and lon inputs of the same form, and says in a live region
 * which point was chosen (its address when data-address-url names our
 * lookup endpoint, else its coordinates). Keyboard: the map is focusable (arrows pan, + and -
 * zoom, Enter places the point at the centre).
 */
(function () {
  'use strict';
  if (typeof window.L === 'undefined' || !window.fetch) {
    return;
  }
  var L = window.L;

  function text(el, name, fallback) {
    var v = el.getAttribute('data-text-' + name);
    return v ? v : fallback;
  }

  function init(el) {
    var form = el.closest('form');
    if (!form) {
      return;
    }
    var lat = form.querySelector('input[name="lat"]');
    var lon = form.querySelector('input[name="lon"]');
    var status = el.parentNode.querySelector('.wr-pick-status');
    if (!lat || !lon || !status) {
      return;
    }
    el.hidden = false;
    var help = el.parentNode.querySelector('.wr-pick-help');
    if (help) {
      help.hidden = false;
    }
    var tiles = el.getAttribute('data-tiles') || '';
    var map = L.map(el, { keyboard: true, scrollWheelZoom: false, zoomSnap: 0.25, attributionControl: tiles !== '' });
    if (tiles !== '') {
      // The attribution is plain text from configuration: escape it, Leaflet inserts HTML.
      var span = document.createElement('span');
      span.textContent = el.getAttribute('data-attribution') || '';
      L.tileLayer(tiles, { attribution: span.innerHTML, maxZoom: 19 }).addTo(map);
    }
    map.setView([52.06, 4.49], 12);
    var marker = null;
    var asked = 0;

    // The address of the point, from our own server (which asks the address
    // service; the browser never does): shown instead of the coordinates.
    function showAddress(prefix, la, lo) {
      var url = el.getAttribute('data-address-url');
      if (!url || url.charAt(0) !== '/') {
        return;
      }
      var mine = ++asked;
      fetch(url + '?lat=' + encodeURIComponent(la) + '&lon=' + encodeURIComponent(lo), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' }
      })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (j) {
          if (mine === asked && j && j.address && j.address.label) {
            status.textContent = prefix + ': ' + j.address.label;
          }
        })
        .catch(function () {});
    }

    function place(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.circleMarker(latlng, { radius: 8, weight: 3 }).addTo(map);
      }
      var prefix = text(el, 'chosen', 'Gekozen plek');
      status.textContent = prefix + ': ' + lat.value + ', ' + lon.value;
      showAddress(prefix, lat.value, lon.value);
    }

    // The back office shows where the signal is now (data-current-lat/lon)
    // and lets a handler click the new place; the hidden inputs stay empty
    // until then, so the buurt list still works as the fallback.
    var curLat = parseFloat(el.getAttribute('data-current-lat') || '');
    var curLon = parseFloat(el.getAttribute('data-current-lon') || '');
    if (!isNaN(curLat) && !isNaN(curLon)) {
      var here = L.latLng(curLat, curLon);
      L.circleMarker(here, { radius: 6, weight: 2, dashArray: '3' }).addTo(map);
      map.setView(here, 16);
      status.textContent = text(el, 'current', 'Huidige plek') + ': ' + curLat.toFixed(6) + ', ' + curLon.toFixed(6);
    }
    if (lat.value && lon.value && !isNaN(parseFloat(lat.value))) {
      place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
      map.setView(marker.getLatLng(), 16);
    }
    map.on('click', function (e) {
      place(e.latlng);
    });
    el.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        place(map.getCenter());
      }
    });

    var url = el.getAttribute('data-geojson');
    if (url && url.charAt(0) === '/') {
      fetch(url, { credentials: 'same-origin' })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (g) {
          if (!g) {
            return;
          }
          var layer = L.geoJSON(g, { style: { weight: 1, fillOpacity: 0.05 }, interactive: false }).addTo(map);
          if (!marker && isNaN(curLat) && layer.getBounds().isValid()) {
            map.fitBounds(layer.getBounds());
          }
        })
        .catch(function () {});
    }

    var button = el.parentNode.querySelector('.wr-pick-here');
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener('click', function () {
        status.textContent = text(el, 'locating', 'Uw plek wordt gezocht...');
        navigator.geolocation.getCurrentPosition(
          function (pos) {
            var ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
            place(ll);
            map.setView(ll, 17);
          },
          function () {
            status.textContent = text(el, 'no-location', 'Uw plek is niet gevonden. Kies de plek op de kaart of in de lijst.');
          },
          { enableHighAccuracy: true, timeout: 10000 }
        );
      });
    }
  }

  function start() {
    var els = document.querySelectorAll('.wr-pick-map');
    for (var i = 0; i < els.length; i++) {
      init(els[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
