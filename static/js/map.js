/*
 * map.js: draws the wijk polygons on a Leaflet map, as an extra over the server-rendered list.
 *
 * Why: the page already lists every wijk as a link (the accessible version, which stays); the map
 * only adds a picture of where they lie. It takes <div class="wr-map" hidden data-geojson="URL"
 * data-tiles="" data-attribution="" data-text-*="..."> (see templates/partials/map.mustache),
 * fetches the GeoJSON (features with properties code, name, url, inhabitants), draws the outlines,
 * fits the view to them and only then un-hides the div. Without tiles (the default: nothing is
 * fetched from outside) the outlines lie on a plain background. Keyboard: the map container is
 * focusable (arrow keys pan, + and - zoom); each wijk has a tooltip and a popup with a link.
 * CSP: no inline scripts or style attributes; Leaflet styles elements through element.style
 * (CSSOM), which style-src 'self' allows. Errors leave the map hidden: the list is enough.
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

  // The language of the page decides how numbers are written.
  function formatNumber(n) {
    var lang = document.documentElement.lang || 'nl';
    try {
      return Number(n).toLocaleString(lang);
    } catch (e) {
      return String(n);
    }
  }

  // Only same-site paths and http(s) URLs become links in a popup.
  function safeUrl(u) {
    if (typeof u !== 'string' || u === '') {
      return null;
    }
    if (u.charAt(0) === '/' && u.charAt(1) !== '/') {
      return u;
    }
    return /^https?:\/\//i.test(u) ? u : null;
  }

  function popupContent(props, el) {
    var box = document.createElement('div');
    var name = props && props.name ? String(props.name) : String((props && props.code) || '');
    var url = safeUrl(props && props.url);
    var title = document.createElement('p');
    title.className = 'wr-map__popup-title';
    if (url) {
      var a = document.createElement('a');
      a.href = url;
      a.textContent = name;
      title.appendChild(a);
    } else {
      title.textContent = name;
    }
    box.appendChild(title);
    if (props && typeof props.inhabitants === 'number') {
      var p = document.createElement('p');
      p.textContent = formatNumber(props.inhabitants) + ' ' + text(el, 'inhabitants', 'inwoners');
      box.appendChild(p);
    }
    return box;
  }

  function polygonStyle() {
    var cs = window.getComputedStyle(document.body);
    var stroke = cs.getPropertyValue('--basis-color-action-1-color-default').trim() || '#4b2c8a';
    return {
      color: stroke,
      weight: 2,
      opacity: 1,
      fillColor: stroke,
      fillOpacity: 0.12
    };
  }

  function build(el, geojson) {
    var tiles = el.getAttribute('data-tiles') || '';
    var attribution = el.getAttribute('data-attribution') || '';
    var closeLabel = text(el, 'close', 'Sluiten');

    // Shown before Leaflet measures the container, or it would have no size.
    el.hidden = false;

    var map = L.map(el, {
      keyboard: true,
      scrollWheelZoom: false,
      attributionControl: tiles !== '',
      zoomControl: false,
      zoomSnap: 0.25
    });
    L.control
      .zoom({
        zoomInTitle: text(el, 'zoom-in', 'Inzoomen'),
        zoomOutTitle: text(el, 'zoom-out', 'Uitzoomen')
      })
      .addTo(map);

    if (tiles !== '') {
      // The attribution is plain text from configuration: escape it, Leaflet inserts HTML.
      var span = document.createElement('span');
      span.textContent = attribution;
      L.tileLayer(tiles, { attribution: span.innerHTML, maxZoom: 19 }).addTo(map);
    }

    var style = polygonStyle();
    var layer = L.geoJSON(geojson, {
      style: function () {
        return style;
      },
      onEachFeature: function (feature, lyr) {
        var props = feature.properties || {};
        lyr.bindTooltip(String(props.name || props.code || ''), { sticky: true });
        lyr.bindPopup(popupContent(props, el));
        lyr.on('mouseover', function () {
          lyr.setStyle({ weight: 4, fillOpacity: 0.25 });
        });
        lyr.on('mouseout', function () {
          lyr.setStyle(style);
        });
      }
    }).addTo(map);

    map.on('popupopen', function (e) {
      var root = e.popup.getElement();
      var close = root && root.querySelector('.leaflet-popup-close-button');
      if (close) {
        close.setAttribute('aria-label', closeLabel);
        close.setAttribute('title', closeLabel);
      }
    });

    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [8, 8] });
    } else {
      map.setView([52.06, 4.49], 12);
    }
    addPoints(el, map, style);
    return map;
  }

  // Open signals as small circles (data-points: a GeoJSON of points with
  // properties category, status, created). The list on the page is the
  // accessible version of the same signals.
  function addPoints(el, map, style) {
    var url = el.getAttribute('data-points');
    if (!url || safeUrl(url) === null) {
      return;
    }
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
      .then(function (res) {
        if (!res.ok) {
          throw new Error('HTTP ' + res.status);
        }
        return res.json();
      })
      .then(function (points) {
        L.geoJSON(points, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, {
              radius: 5,
              color: style.color,
              weight: 1,
              fillColor: style.color,
              fillOpacity: 0.7
            });
          },
          onEachFeature: function (feature, lyr) {
            var p = feature.properties || {};
            var box = document.createElement('div');
            var t = document.createElement('p');
            t.className = 'wr-map__popup-title';
            t.textContent = String(p.category || '');
            box.appendChild(t);
            var d = document.createElement('p');
            d.textContent = String(p.status || '') + ', ' + String(p.created || '');
            box.appendChild(d);
            lyr.bindPopup(box);
          }
        }).addTo(map);
      })
      .catch(function (err) {
        if (window.console && console.warn) {
          console.warn('wijkregie map points: ' + err.message);
        }
      });
  }

  function init(el) {
    var url = el.getAttribute('data-geojson');
    if (!url || safeUrl(url) === null) {
      return;
    }
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json, application/json' } })
      .then(function (res) {
        if (!res.ok) {
          throw new Error('HTTP ' + res.status);
        }
        return res.json();
      })
      .then(function (geojson) {
        build(el, geojson);
      })
      .catch(function (err) {
        // The list under the map stays; a missing map is not an error for the visitor.
        el.hidden = true;
        if (window.console && console.warn) {
          console.warn('wijkregie map: ' + err.message);
        }
      });
  }

  function start() {
    var els = document.querySelectorAll('.wr-map[data-geojson]');
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
