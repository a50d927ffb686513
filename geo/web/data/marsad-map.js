/* Marsad's map layers, built in the browser from compact data arrays.
 *
 * One data array and one callback per layer (the FastMarkerCluster idea):
 * markers are created here, not one folium Marker per event. Article text is
 * untrusted, so every value reaches the page through textContent or a DOM
 * property, never through innerHTML. Coordinates arrive as [lat, lon], the
 * order Leaflet wants.
 */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  // The event's sentence, with the place name in a <mark>.
  function snippetNode(snippet, start, end) {
    var p = el("p", "marsad-snippet");
    p.dir = "rtl";
    p.lang = "ar";
    if (start >= 0 && end > start && end <= snippet.length) {
      p.appendChild(document.createTextNode(snippet.slice(0, start)));
      p.appendChild(el("mark", null, snippet.slice(start, end)));
      p.appendChild(document.createTextNode(snippet.slice(end)));
    } else {
      p.textContent = snippet;
    }
    return p;
  }

  // Row layout: see geo/mapping.py, EVENT_FIELDS.
  function popupNode(data, row, more) {
    var f = data.fields, r = {};
    for (var k = 0; k < f.length; k++) r[f[k]] = row[k];
    for (k = 0; more && k < more.fields.length; k++) r[more.fields[k]] = more.row[k];
    var box = el("div", "marsad-popup");
    var head = el("div", "marsad-head");
    var chip = el("span", "marsad-chip", data.types[r.type][1] + " · " + data.types[r.type][0]);
    chip.style.background = data.typeColours[r.type];
    head.appendChild(chip);
    head.appendChild(el("span", "marsad-date", r.date));
    box.appendChild(head);
    box.appendChild(el("div", "marsad-place", r.place));
    box.appendChild(snippetNode(r.snippet, r.place_start, r.place_end));
    if (r.parties) box.appendChild(el("div", "marsad-parties", r.parties));
    var foot = el("div", "marsad-foot");
    var url = safeUrl(r.url);
    if (url) {
      var a = el("a", null, r.source || url);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      foot.appendChild(a);
    } else if (r.source) {
      foot.appendChild(el("span", null, r.source));
    }
    foot.appendChild(el("span", "marsad-conf", " · confidence " + r.confidence));
    box.appendChild(foot);
    if (r.review) box.appendChild(el("div", "marsad-review", "review: " + r.review));
    // The incident's other reports (other outlets, other sentences): text only.
    if (r.others && r.others[0] > 0) {
      var more = el("div", "marsad-reports", "Also reported " + r.others[0] + " time" +
                    (r.others[0] > 1 ? "s" : "") + ":");
      var list = el("ul");
      for (var j = 0; j < r.others[1].length; j++) {
        var o = r.others[1][j], sentence = o[2].length > 140 ? o[2].slice(0, 140) + "…" : o[2];
        var item = el("li", null, (o[0] || "unknown source") + " · " + o[1] + ": ");
        var quote = el("span", null, sentence);
        quote.dir = "rtl";
        item.appendChild(quote);
        list.appendChild(item);
      }
      more.appendChild(list);
      box.appendChild(more);
    }
    // streamlit-folium returns the popup's text (innerText): the id comes first, fenced, so the
    // app can tell which event was clicked; it is clipped out of sight, not hidden, so it stays in.
    box.insertBefore(el("div", "marsad-id", "[event " + r.id + "]"), box.firstChild);
    return box;
  }

  function clusterIcon(colours) {
    return function (cluster) {
      var counts = {}, best = null, children = cluster.getAllChildMarkers();
      for (var i = 0; i < children.length; i++) {
        var c = children[i].options.c;
        counts[c] = (counts[c] || 0) + 1;
        if (best === null || counts[c] > counts[best]) best = c;
      }
      var n = cluster.getChildCount();
      var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 50;
      var div = el("div", "marsad-cluster", n >= 1000 ? Math.round(n / 100) / 10 + "k" : n);
      div.style.borderColor = colours[best];
      div.style.width = div.style.height = div.style.lineHeight = (size - 6) + "px";
      return L.divIcon({html: div.outerHTML, className: "marsad-cluster-icon", iconSize: [size, size]});
    };
  }

  // Each map's data file is fetched once, whatever the number of layers using it.
  var loads = {};
  function load(url) {
    if (!loads[url]) {
      loads[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      });
      loads[url].catch(function (err) { console.error("marsad data " + err); });
    }
    return loads[url];
  }

  // What the map shows (Marsad.show fills its layers again for each filtered view, in place: the
  // map, its view and its controls stay). One map to a frame.
  var view = {map: null, events: null, heat: null, places: null, legend: null, time: null,
              data: null, spec: null, key: null, shown: 0, keep: false, moved: false,
              legendOpen: undefined};   // the legend folded or open as the analyst left it

  function fillEvents(group, data, popupsUrl) {
    var icons = data.colours.map(function (colour, k) {
      var dot = el("span", "marsad-dot marsad-" + ((data.shapes || [])[k] || "circle"));
      dot.style.background = colour;
      return L.divIcon({html: dot.outerHTML, className: "marsad-dot-icon", iconSize: [14, 14]});
    });
    var markers = new Array(data.rows.length);
    for (var i = 0; i < data.rows.length; i++) {
      var row = data.rows[i];
      // row[0], row[1]: lat, lon (Leaflet order).
      markers[i] = L.marker([row[0], row[1]], {icon: icons[row[2]], c: row[2], i: i});
    }
    group.addLayers(markers);
    // A popup's sentence and source come from the popups' file, fetched when the first popup opens;
    // its event id is there at once (streamlit-folium reads it from the popup at the click).
    var idAt = data.fields.indexOf("id");
    group.bindPopup(function (layer) {
      var i = layer.options.i, holder = el("div", "marsad-popup-holder");
      holder.appendChild(el("div", "marsad-id", "[event " + data.rows[i][idAt] + "]"));
      if (!popupsUrl) return holder;
      load(popupsUrl).then(function (more) {
        var node = popupNode(data, data.rows[i], {fields: more.fields, row: more.rows[i]});
        holder.replaceChildren(node);
        var popup = layer.getPopup();
        if (popup && popup.isOpen()) popup.update();
      });
      return holder;
    }, {maxWidth: 380, minWidth: 260});
    return markers;
  }

  var DAY_MS = 86400000;
  var WINDOWS = [["all", 0, "all dates"], ["day", 1, "one day"], ["week", 7, "one week"], ["month", 30, "30 days"]];

  function isoDay(n) { return new Date(n * DAY_MS).toISOString().slice(0, 10); }

  // The time control: a window (a day, a week, 30 days, or every date) ending on the slider's day,
  // and playback one day a step. Markers outside the window leave the map; inside, older ones fade.
  // It filters in the browser: nothing is asked of the server.
  function timeControl(map, layer) {
    var data = layer.data, markers = layer.markers, group = layer.group;
    var f = data.fields.indexOf("day"), days = [];
    for (var i = 0; i < data.rows.length; i++) if (data.rows[i][f] !== null) days.push(data.rows[i][f]);
    if (!days.length) return noDays(map, markers.length);
    var first = Math.min.apply(null, days), last = Math.max.apply(null, days);
    var undated = data.rows.length - days.length;   // dated to a month or a year, or not at all
    // all: every marker is on the map already (fillEvents put them there): nothing to redo.
    var ctl = L.control({position: "bottomright"}), state = {win: 0, day: last, timer: null, all: true};
    var box = el("div", "marsad-time"), label = el("span", "marsad-time-label");
    var select = el("select", "marsad-time-window"), slider = el("input", "marsad-time-slider");
    var play = el("button", "marsad-time-play", "▶"), speed = el("select", "marsad-time-speed");
    WINDOWS.forEach(function (w, k) { var o = el("option", null, w[2]); o.value = k; select.appendChild(o); });
    [["1", "1 day/s"], ["3", "3 days/s"], ["7", "7 days/s"]].forEach(function (v) {
      var o = el("option", null, v[1]); o.value = v[0]; speed.appendChild(o);
    });
    slider.type = "range"; slider.min = first; slider.max = last; slider.step = 1; slider.value = last;
    play.type = "button"; play.title = "play: one day a step"; slider.title = "the window's last day";
    [select, slider, play, speed, label].forEach(function (n) { box.appendChild(n); });

    // Every date: the days the slider spans, how many incidents are shown, and how many of them
    // the slider cannot place (a month-dated incident is shown but is on no day of the range).
    function allLabel(n) {
      var span = first === last ? isoDay(first) : isoDay(first) + " – " + isoDay(last);
      return span + " · " + n + (undated ? " (" + undated + " not dated to the day)" : "");
    }
    function apply() {
      var width = WINDOWS[state.win][1], shown = [];
      if (!width && state.all) {                 // the first paint: the clusters are built once, not twice
        box.setAttribute("data-count", markers.length);
        label.textContent = allLabel(markers.length);
        slider.disabled = true;
        return;
      }
      state.all = !width;
      for (var i = 0; i < markers.length; i++) {
        var d = data.rows[i][f], m = markers[i];
        if (!width) { m.setOpacity(1); shown.push(m); continue; }
        if (d === null || d > state.day || d <= state.day - width) continue;
        m.setOpacity(1 - 0.6 * (state.day - d) / width);     // the day's own incidents in full colour
        shown.push(m);
      }
      group.clearLayers();
      group.addLayers(shown);
      box.setAttribute("data-count", shown.length);
      label.textContent = width ? isoDay(state.day - width + 1) + " – " + isoDay(state.day) + " · " + shown.length
        : allLabel(shown.length);
      slider.disabled = !width;
    }
    function stop() { clearInterval(state.timer); state.timer = null; play.textContent = "▶"; }
    select.onchange = function () { state.win = +select.value; apply(); };
    slider.oninput = function () { state.day = +slider.value; apply(); };
    play.onclick = function () {
      if (state.timer) return stop();
      if (!WINDOWS[state.win][1]) { state.win = 2; select.value = 2; }
      if (state.day >= last) state.day = first + WINDOWS[state.win][1] - 1;
      play.textContent = "❚❚";
      state.timer = setInterval(function () {
        state.day = Math.min(last, state.day + 1);
        slider.value = state.day;
        apply();
        if (state.day >= last) stop();
      }, 1000 / +speed.value);
      apply();
    };
    ctl.onAdd = function () { L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box); return box; };
    ctl.onRemove = stop;
    ctl.addTo(map);
    apply();
    return ctl;
  }

  // The incident markers (clusters and single dots, not place names) whose centre is under node.
  function markersUnder(map, node) {
    var r = node.getBoundingClientRect(), n = 0;
    map.getPane("markerPane").querySelectorAll(".marsad-cluster-icon, .marsad-dot-icon").forEach(function (m) {
      var b = m.getBoundingClientRect(), x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) n++;
    });
    return n;
  }

  // The legend stays where it is while it covers no marker; else it goes to the corner (bottom left
  // or top right) where it covers the fewest. Checked after each view and each move of the map.
  var LEGEND_CORNERS = ["bottomleft", "topright"];
  function placeLegend(map) {
    var ctl = view.legend;
    if (!ctl || !ctl.getContainer() || !ctl.getContainer().parentNode) return;
    var here = ctl.getPosition(), best = here, fewest = markersUnder(map, ctl.getContainer());
    if (!fewest) return;
    LEGEND_CORNERS.forEach(function (corner) {
      if (corner === here) return;
      ctl.setPosition(corner);                      // measured in place: no paint happens in between
      var n = markersUnder(map, ctl.getContainer());
      if (n < fewest) { best = corner; fewest = n; }
    });
    if (ctl.getPosition() !== best) ctl.setPosition(best);
  }

  // In place of the time control when no incident of the view is dated to the day: says so, and why
  // the slider is not there.
  function noDays(map, count) {
    var ctl = L.control({position: "bottomright"}), box = el("div", "marsad-time marsad-time-none");
    box.setAttribute("data-count", count);
    box.appendChild(el("span", "marsad-time-label",
                       count + " · none dated to the day: the time slider places day-dated incidents only"));
    ctl.onAdd = function () { return box; };
    return ctl.addTo(map);
  }

  // Places named in articles outside any event: rows are [lat, lon, label, count].
  function fillPlaces(group, rows) {
    group.clearLayers();
    rows.forEach(function (r) {
      var dot = L.circleMarker([r[0], r[1]], {
        radius: Math.min(3 + Math.sqrt(r[3]), 14), color: "#9aa5b1", weight: 1,
        fillColor: "#cbd2d9", fillOpacity: 0.5
      });
      dot.bindTooltip(function () { return el("span", null, r[2] + ": " + r[3]); });
      group.addLayer(dot);
    });
  }

  // Fit the view to the events' bounds once the frame has a real size (a frame still being laid
  // out would give the closest zoom); then the map is "fitted" (see follow). bounds: null keeps the
  // view the link gave.
  function fitOnce(map, bounds, maxZoom) {
    var tries = 0;
    (function attempt() {
      map.invalidateSize();
      if (map.getSize().y < 80 && tries++ < 60) return setTimeout(attempt, 50);
      if (bounds) map.fitBounds(bounds, {maxZoom: maxZoom, padding: [30, 30], animate: false});
      map._marsadFitted = true;
    })();
  }

  // The page's address (the map's frame is the page's own), copied; shown to copy by hand where the
  // browser allows no clipboard (plain http on another host).
  function copyLink(button) {
    var url;
    try { url = window.parent.location.href; } catch (e) { url = window.location.href; }
    function done() { button.classList.add("marsad-done"); setTimeout(function () { button.classList.remove("marsad-done"); }, 1500); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copy this link:", url); });
    } else {
      window.prompt("Copy this link:", url);
    }
  }

  // The view as a PNG: the outlines (the map's SVG, as an image), then what sits on them, each where
  // the page shows it: clusters with their counts, incident dots, place names, and a caption.
  function savePng(map) {
    var box = map.getContainer(), at = box.getBoundingClientRect(), scale = window.devicePixelRatio || 1;
    var canvas = document.createElement("canvas"), ctx = canvas.getContext("2d");
    canvas.width = at.width * scale;
    canvas.height = at.height * scale;
    ctx.scale(scale, scale);
    ctx.fillStyle = getComputedStyle(box).backgroundColor || "#0e1621";
    ctx.fillRect(0, 0, at.width, at.height);
    function rect(node) { var r = node.getBoundingClientRect(); return {x: r.left - at.left, y: r.top - at.top, w: r.width, h: r.height}; }
    var svgs = Array.prototype.slice.call(box.querySelectorAll(".leaflet-overlay-pane svg"));
    Promise.all(svgs.map(function (svg) {
      return new Promise(function (resolve) {
        var r = rect(svg), copy = svg.cloneNode(true), img = new Image();
        copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
        copy.setAttribute("width", r.w);
        copy.setAttribute("height", r.h);
        img.onload = function () { ctx.drawImage(img, r.x, r.y, r.w, r.h); resolve(); };
        img.onerror = function () { resolve(); };
        img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(copy));
      });
    })).then(function () {
      box.querySelectorAll(".marsad-label b, .marsad-country span, .marsad-country").forEach(function (b) {
        if (b.children.length) return;                // a holder: its text is drawn from its child
        var r = rect(b), style = getComputedStyle(b);
        ctx.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
        ctx.fillStyle = style.color;
        ctx.textBaseline = "top";
        ctx.fillText(b.textContent, r.x, r.y);
      });
      // The legend: its box, then its title and lines (their swatches are drawn with the dots).
      box.querySelectorAll(".marsad-legend").forEach(function (lg) {
        var r = rect(lg);
        ctx.fillStyle = getComputedStyle(lg).backgroundColor;
        ctx.fillRect(r.x, r.y, r.w, r.h);
        lg.querySelectorAll(".marsad-legend-title, .marsad-legend-item span:not(.marsad-dot), .marsad-legend-more")
          .forEach(function (t) {
            var tr = rect(t), style = getComputedStyle(t);
            if (!tr.w) return;                          // folded away
            ctx.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
            ctx.fillStyle = style.color;
            ctx.textBaseline = "middle";
            ctx.fillText(t.textContent.replace(/^\u25be\s*/, ""), tr.x, tr.y + tr.h / 2);
          });
      });
      box.querySelectorAll(".marsad-dot-icon .marsad-dot, .marsad-legend .marsad-dot").forEach(function (d) {
        var r = rect(d);
        ctx.beginPath();
        ctx.arc(r.x + r.w / 2, r.y + r.h / 2, Math.max(r.w, r.h) / 2, 0, 2 * Math.PI);
        ctx.fillStyle = d.style.background || "#888";
        ctx.fill();
        ctx.strokeStyle = "#fff";
        ctx.stroke();
      });
      box.querySelectorAll(".marsad-cluster").forEach(function (c) {
        var r = rect(c), style = getComputedStyle(c);
        ctx.beginPath();
        ctx.arc(r.x + r.w / 2, r.y + r.h / 2, r.w / 2, 0, 2 * Math.PI);
        ctx.fillStyle = style.backgroundColor;
        ctx.fill();
        ctx.lineWidth = 3;
        ctx.strokeStyle = style.borderTopColor;
        ctx.stroke();
        ctx.fillStyle = style.color;
        ctx.font = "bold " + style.fontSize + " " + style.fontFamily;
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(c.textContent, r.x + r.w / 2, r.y + r.h / 2);
        ctx.textAlign = "start";
      });
      var when = box.querySelector(".marsad-time-label"), c = map.getCenter();
      var caption = "Marsad · " + (when ? when.textContent + " · " : "") + c.lat.toFixed(2) + ", " + c.lng.toFixed(2) +
        " · zoom " + map.getZoom() + " · " + new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
      ctx.font = "13px sans-serif";
      ctx.fillStyle = "rgba(0, 0, 0, 0.6)";
      ctx.fillRect(0, at.height - 22, ctx.measureText(caption).width + 16, 22);
      ctx.fillStyle = "#fff";
      ctx.textBaseline = "middle";
      ctx.fillText(caption, 8, at.height - 11);
      canvas.toBlob(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "marsad-view.png";
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      }, "image/png");
    });
  }

  window.Marsad = {
    // Clustered event markers with lazily built popups (filled by show).
    events: function () {
      view.events = L.markerClusterGroup({
        chunkedLoading: true, maxClusterRadius: 45, showCoverageOnHover: false,
        spiderfyOnMaxZoom: true
      });
      return view.events;
    },

    // One filtered view (see geo/web/mapping.py, view_of): spec is {url, popups, title, legend,
    // time, bounds, maxZoom}. The layers are emptied and filled from the view's data file; the
    // first view fits the map to its events (unless a link gave the view), a later one only while
    // the analyst has not moved the map. The same view again (the frame resized) is left alone.
    show: function (spec) {
      var map = view.map, key = JSON.stringify(spec);
      if (!map || key === view.key) return;
      view.key = key;
      var n = ++view.shown;
      if (n === 1) {
        fitOnce(map, view.keep ? null : spec.bounds, spec.maxZoom);
        map.on("moveend", function () { placeLegend(map); });
      }
      else if (!view.moved && spec.bounds) map.fitBounds(spec.bounds, {maxZoom: spec.maxZoom, padding: [30, 30], animate: false});
      load(spec.url).then(function (d) {
        if (n !== view.shown) return;              // a newer view came first
        // The frame lives on from view to view: the files of the view it replaces are let go.
        if (view.spec) [view.spec.url, view.spec.popups].forEach(function (u) {
          if (u && u !== spec.url && u !== spec.popups) delete loads[u];
        });
        view.spec = spec;
        if (view.time) { map.removeControl(view.time); view.time = null; }
        var markers = [];
        if (view.events) {
          view.events.clearLayers();
          view.events.options.iconCreateFunction = clusterIcon(d.events.colours);
          markers = fillEvents(view.events, d.events, spec.popups);
        }
        view.data = d.events;
        if (view.heat) view.heat.setLatLngs(d.heat);
        if (view.places) fillPlaces(view.places, d.places);
        if (spec.time && view.events) view.time = timeControl(map, {group: view.events, data: d.events, markers: markers});
        // The legend with its markers, not before: a new legend over the old markers would mislead.
        var corner = view.legend ? view.legend.getPosition() : "bottomleft";
        if (view.legend) map.removeControl(view.legend);
        view.legend = Marsad.legend(map, spec.title, spec.legend, corner);
        setTimeout(function () { placeLegend(map); }, 300);      // once the clusters are drawn
      });
    },

    // keep: a link gave the map's centre and zoom; the first view does not fit the map to its events.
    keepView: function (keep) { view.keep = keep; },

    // The incident selected in the page (its ?event= in the page's address, set by a marker or a
    // table row) is ringed on the map, without redrawing the map: the frame watches the address.
    follow: function (map) {
      var ring = null, seen = null, seenIn = null;
      function check() {
        var data = view.data, wanted = null;
        try { wanted = new URLSearchParams(window.parent.location.search).get("event"); } catch (e) { return; }
        if (!data || (wanted === seen && data === seenIn)) return;
        seen = wanted;
        seenIn = data;
        if (ring) { map.removeLayer(ring); ring = null; }
        if (!wanted) return;
        var rows = data.rows, f = data.fields.indexOf("id");
        for (var i = 0; i < rows.length; i++) {
          if (rows[i][f] !== wanted) continue;
          // rows[i][0], rows[i][1]: lat, lon (Leaflet order).
          ring = L.circleMarker([rows[i][0], rows[i][1]], {radius: 14, weight: 3, color: "#ffd166", fill: false,
                                                            interactive: false, className: "marsad-selected"}).addTo(map);
          break;
        }
      }
      // The page's address follows the map (c=lat,lon&z=zoom), so its link reopens this view. It is
      // written in place, in the browser (the page does not rerun for a pan), and again whenever the
      // page rewrites its address with the view it knew when the map was drawn.
      var moved = false, ready = false, origin = null, KEY = "marsad-view";
      try { origin = String(window.parent.performance.timeOrigin); } catch (e) { /* another origin */ }
      function follow() {
        try {
          var top = window.parent, q = new URLSearchParams(top.location.search), c = map.getCenter();
          var want = [c.lat.toFixed(4) + "," + c.lng.toFixed(4), String(map.getZoom())];   // latitude first
          if (q.get("c") === want[0] && q.get("z") === want[1]) return;
          q.set("c", want[0]);
          q.set("z", want[1]);
          top.history.replaceState(top.history.state, "", top.location.pathname + "?" + q.toString() + top.location.hash);
        } catch (e) { /* another origin: the link keeps the filters only */ }
      }
      map.on("moveend", function () {
        if (!ready) return;                          // the map's own first fit is not the analyst's move
        moved = view.moved = true;
        var c = map.getCenter();
        try { sessionStorage.setItem(KEY, JSON.stringify({t: origin, c: [c.lat, c.lng], z: map.getZoom()})); } catch (e) {}
        follow();
      });
      // A map redrawn in the same page (a filter changed) opens where the analyst left the last one,
      // after its own fit to the events.
      (function restore() {
        if (!map._marsadFitted) return setTimeout(restore, 50);
        var saved = null;
        try { saved = JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) {}
        if (saved && origin && saved.t === origin) {
          map.setView(saved.c, saved.z, {animate: false});       // saved.c: [lat, lon]
          moved = view.moved = true;
        }
        ready = true;
        if (moved) follow();
      })();
      var timer = setInterval(function () {
        // A map replaced by a redrawn one stops here: its centre is no longer the view.
        if (!document.body.contains(map.getContainer())) return clearInterval(timer);
        check();
        if (moved) follow();
      }, 400);
    },

    // Heat map of event locations (filled by show): points are [lat, lon].
    heat: function (options) {
      view.heat = L.heatLayer([], options);
      return view.heat;
    },

    // Places named in articles outside any event (filled by show).
    places: function () {
      view.places = L.featureGroup();
      return view.places;
    },

    // Country outlines and names (Natural Earth), fetched from this server.
    // Names show by rank: the largest countries first, all from zoom 5.
    basemap: function (url, style) {
      var layer = L.featureGroup(), labels = [];
      var outlines = L.geoJSON(null, {style: style, interactive: false}).addTo(layer);
      function showLabels() {
        var map = layer._map;
        if (!map) return;
        var zoom = map.getZoom();
        labels.forEach(function (m) {
          var el = m.getElement();
          if (el) el.style.display = m.options.rank <= zoom ? "" : "none";
        });
      }
      layer.on("add", function () { layer._map.on("zoomend", showLabels); showLabels(); });
      layer.on("remove", function (e) { e.target._map && e.target._map.off("zoomend", showLabels); });
      fetch(url).then(function (r) { return r.json(); })
        .then(function (d) {
          outlines.addData(d);
          outlines.bringToBack();
          d.features.forEach(function (f) {
            var p = f.properties;
            if (p.label_lat === null || p.label_lon === null) return;
            var name = el("span", null, p.name_ar || p.name);
            name.title = p.name;
            // label_lat, label_lon -> Leaflet's [lat, lon].
            var m = L.marker([p.label_lat, p.label_lon], {
              icon: L.divIcon({html: name, className: "marsad-country", iconSize: null}),
              interactive: false, keyboard: false, rank: p.rank
            });
            labels.push(m);
            layer.addLayer(m);
          });
          showLabels();
        })
        .catch(function (err) { console.error("basemap " + url + ": " + err); });
      return layer;
    },

    // The map fills its frame, whatever height the page gives the frame (a wall screen, a phone).
    fill: function (map) {
      view.map = map;
      map.getContainer().style.height = "100vh";
      map.invalidateSize();
      var openPopup = null;
      map.on("popupopen", function (e) { openPopup = e.popup; });
      map.on("popupclose", function (e) { if (openPopup === e.popup) openPopup = null; });
      window.addEventListener("resize", function () {
        map.invalidateSize();
        // The frame narrowed (the article panel opened beside the map): pan the open popup back
        // into view, as Leaflet does when a popup opens (autoPan).
        if (openPopup && openPopup.isOpen()) {
          if (typeof openPopup._adjustPan === "function") openPopup._adjustPan();
          else map.panInside(openPopup.getLatLng(), {padding: [40, 40]});
        }
      });
    },

    // Two buttons under the zoom: copy the link to this view (the page's address holds the filters,
    // the centre, the zoom and the selected incident), and download the view as a PNG image.
    tools: function (map) {
      var ctl = L.control({position: "topleft"});
      ctl.onAdd = function () {
        var box = el("div", "leaflet-bar marsad-tools");
        // Words, not emoji: a wall-screen PC may have no emoji font.
        var link = el("a", "marsad-copy-link", "Link"), png = el("a", "marsad-png", "PNG");
        link.href = png.href = "#";
        link.title = "Copy a link to this view";
        png.title = "Download this view as a PNG image";
        link.setAttribute("role", "button");
        png.setAttribute("role", "button");
        L.DomEvent.on(link, "click", function (e) { L.DomEvent.preventDefault(e); copyLink(link); });
        L.DomEvent.on(png, "click", function (e) { L.DomEvent.preventDefault(e); savePng(map); });
        box.appendChild(link);
        box.appendChild(png);
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      ctl.addTo(map);
    },

    // A wall screen: large text (the class scales it), nothing to click.
    wall: function (map) {
      map.getContainer().classList.add("marsad-wall");
    },

    // Town, city and province names in view, by zoom (rows: [lat, lon, arabic, english, zoom, kind],
    // the most important first); one label to a 110 x 28 px cell, so they do not pile up. They sit
    // in their own pane, under the markers, and take no clicks.
    labels: function (url) {
      var layer = L.layerGroup(), rows = null, MAX = 400;
      function draw() {
        var map = layer._map;
        if (!map || !rows) return;
        layer.clearLayers();
        var zoom = map.getZoom(), bounds = map.getBounds().pad(0.05), taken = {}, n = 0;
        for (var i = 0; i < rows.length && n < MAX; i++) {
          var r = rows[i];
          if (r[4] > zoom || !bounds.contains([r[0], r[1]])) continue;
          var pt = map.latLngToContainerPoint([r[0], r[1]]);
          var cell = Math.floor(pt.x / 110) + ":" + Math.floor(pt.y / 28);
          if (taken[cell]) continue;
          taken[cell] = true;
          var span = el("span", "marsad-label-" + r[5]);
          span.appendChild(el("b", null, r[2] || r[3]));
          if (r[2] && r[3] && zoom >= 7) span.appendChild(el("small", null, r[3]));
          span.title = r[3];
          layer.addLayer(L.marker([r[0], r[1]], {
            icon: L.divIcon({html: span, className: "marsad-label", iconSize: null}),
            pane: "marsadLabels", interactive: false, keyboard: false
          }));
          n++;
        }
      }
      layer.on("add", function () {
        var map = layer._map;
        if (!map.getPane("marsadLabels")) {
          var pane = map.createPane("marsadLabels");
          pane.style.zIndex = 450;                 // above the outlines, under the markers (600)
          pane.style.pointerEvents = "none";
        }
        map.on("moveend zoomend", draw);
        draw();
      });
      layer.on("remove", function (e) { e.target._map && e.target._map.off("moveend zoomend", draw); });
      load(url).then(function (d) { rows = d.labels; draw(); });
      return layer;
    },

    // Legend: items are [label, colour, count, shape]; it folds to its title (closed at first on
    // a narrow map, where it would cover the markers).
    legend: function (map, title, items, corner) {
      var ctl = L.control({position: corner || "bottomleft"});
      ctl.onAdd = function () {
        var box = el("details", "marsad-legend");
        // Folded or open as the analyst left it (a moved or refilled legend is built again).
        box.open = view.legendOpen === undefined ? map.getSize().x >= 700 : view.legendOpen;
        box.addEventListener("toggle", function () { view.legendOpen = box.open; });
        box.appendChild(el("summary", "marsad-legend-title", title));
        // The commonest ten, and how many more: a long legend would cover the markers.
        var more = items.length > 11 ? items.slice(10) : [];
        if (more.length) items = items.slice(0, 10);
        items.forEach(function (it) {
          var line = el("div", "marsad-legend-item");
          var sw = el("span", "marsad-dot marsad-" + (it[3] || "circle"));
          sw.style.background = it[1];
          line.appendChild(sw);
          line.appendChild(el("span", null, " " + it[0] + " (" + it[2] + ")"));
          box.appendChild(line);
        });
        if (more.length) {
          var n = more.reduce(function (sum, it) { return sum + it[2]; }, 0);
          box.appendChild(el("div", "marsad-legend-more", "+ " + more.length + " more (" + n + ")"));
        }
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      return ctl.addTo(map);
    }
  };
})();
