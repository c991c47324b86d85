/* Abdi planning screens: draws each [data-plan-chart] container with Apache ECharts (vendored) from the data
   embedded in the page (json_script): the largest deficits and surpluses (bars), the gap or the deficit left
   per province as bubbles at the province capitals (no boundary GeoJSON is vendored), and the deficit left per
   province of compared scenarios (grouped bars). Labels come from the container's data-* attributes. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var lang = document.documentElement.lang === "en" ? "en" : "id-ID";
  var fmt = new Intl.NumberFormat(lang);
  var esc = echarts.format.encodeHTML;
  var COLORS = ["#0b5cad", "#8b1e2d", "#2e7d32", "#b26a00", "#6a3d9a", "#00838f"];
  var base = { animation: false, aria: { enabled: true }, color: COLORS, textStyle: { fontFamily: "inherit" } };

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function num(v) { return v === null || v === undefined ? "–" : fmt.format(v); }

  function geoAxes(el) {
    return {
      grid: { left: 48, right: 16, top: 16, bottom: 56 },
      xAxis: { type: "value", min: 94, max: 142, name: el.dataset.lon, nameLocation: "middle", nameGap: 24,
               axisLabel: { formatter: "{value}°" }, splitLine: { lineStyle: { color: "#eef0f3" } } },
      yAxis: { type: "value", min: -11.5, max: 6.5, name: el.dataset.lat, axisLabel: { formatter: "{value}°" },
               splitLine: { lineStyle: { color: "#eef0f3" } } }
    };
  }

  function bubbles(points, key) {
    return points.filter(function (p) { return p[key] > 0; }).map(function (p) {
      return { value: [p.lon, p.lat, p[key]], name: p.nama };
    });
  }

  function size(max) {
    return function (d) { return 6 + 30 * Math.sqrt(Math.max(d[2], 0) / Math.max(max, 1)); };
  }

  var build = {
    kesenjangan: function (el, d) {
      var c = d.kesenjangan, names = [], short = [], over = [];
      c.kurang.forEach(function (r) { names.push(r.nama); short.push(r.nilai); over.push(null); });
      c.lebih.forEach(function (r) { names.push(r.nama); short.push(null); over.push(r.nilai); });
      el.style.height = Math.max(280, names.length * 22 + 56) + "px";
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: num },
        legend: { bottom: 0 },
        grid: { left: 8, right: 40, top: 8, bottom: 32, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: names, inverse: true, axisLabel: { fontSize: 11, width: 220, overflow: "truncate" } },
        series: [
          { type: "bar", stack: "k", name: el.dataset.kurang, data: short, color: "#8b1e2d" },
          { type: "bar", stack: "k", name: el.dataset.lebih, data: over, color: "#0b5cad" }
        ]
      };
    },
    peta: function (el, d) {
      var pts = d.peta, max = Math.max.apply(null, pts.map(function (p) { return Math.max(p.kurang, p.lebih); }).concat([1]));
      return Object.assign(geoAxes(el), {
        tooltip: { formatter: function (p) { return esc(p.name) + "<br>" + esc(p.seriesName) + ": " + num(p.value[2]); } },
        legend: { bottom: 0 },
        series: [
          { type: "scatter", name: el.dataset.kurang, data: bubbles(pts, "kurang"), symbolSize: size(max),
            itemStyle: { color: "#8b1e2d", opacity: 0.7, borderColor: "#fff", borderWidth: 1 } },
          { type: "scatter", name: el.dataset.lebih, data: bubbles(pts, "lebih"), symbolSize: size(max),
            itemStyle: { color: "#0b5cad", opacity: 0.6, borderColor: "#fff", borderWidth: 1 } }
        ]
      });
    },
    sisa: function (el, pts) {
      var max = Math.max.apply(null, pts.map(function (p) { return p.sisa; }).concat([1]));
      return Object.assign(geoAxes(el), {
        tooltip: { formatter: function (p) { return esc(p.name) + "<br>" + esc(p.seriesName) + ": " + num(p.value[2]); } },
        series: [{ type: "scatter", name: el.dataset.kurang, data: bubbles(pts, "sisa"), symbolSize: size(max),
                   itemStyle: { color: "#8b1e2d", opacity: 0.7, borderColor: "#fff", borderWidth: 1 } }]
      });
    },
    banding: function (el, d) {
      el.style.height = Math.max(280, d.provinsi.length * d.skenario.length * 12 + 80) + "px";
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: num },
        legend: { bottom: 0, type: "scroll" },
        grid: { left: 8, right: 32, top: 8, bottom: 32, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: d.provinsi, inverse: true },
        series: d.skenario.map(function (name, i) { return { type: "bar", name: name, data: d.nilai[i] }; })
      };
    }
  };
  var sources = { kesenjangan: "perencanaan-data", peta: "perencanaan-data", sisa: "perencanaan-sisa",
                  banding: "perencanaan-banding" };

  var drawn = [];
  document.querySelectorAll("[data-plan-chart]").forEach(function (el) {
    var kind = el.getAttribute("data-plan-chart"), d = data(sources[kind]);
    if (!d || !build[kind] || el.getAttribute("data-drawn")) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(Object.assign({}, base, build[kind](el, d)));
    el.setAttribute("data-drawn", "true");
    drawn.push(chart);
  });
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { drawn.forEach(function (chart) { chart.resize(); }); }, 150);
  });
})();
