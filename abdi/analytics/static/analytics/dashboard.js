/* Abdi dashboards: draws each [data-chart] container with Apache ECharts (vendored) from the rows embedded in
   the page (#grafik-data), the same rows as the chart's table and its CSV/XLSX download. */
(function () {
  "use strict";
  var source = document.getElementById("grafik-data");
  if (!source || !window.echarts) { return; }
  var charts = JSON.parse(source.textContent);
  var lang = document.documentElement.lang === "en" ? "en" : "id-ID";
  var intFmt = new Intl.NumberFormat(lang);
  var decFmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  var esc = echarts.format.encodeHTML;
  var COLORS = ["#0b5cad", "#8b1e2d", "#2e7d32", "#b26a00", "#6a3d9a", "#00838f", "#5b6675", "#c2185b"];

  function num(v) { return v === null || v === undefined ? "–" : (Number.isInteger(v) ? intFmt : decFmt).format(v); }
  function pct(v) { return v === null || v === undefined ? "–" : decFmt.format(v * 100) + " %"; }
  function col(c, key) { var i = c.keys.indexOf(key); return c.rows.map(function (r) { return r[i]; }); }
  function head(c, key) { return c.header[c.keys.indexOf(key)]; }
  function nameCol(c) { return c.keys.indexOf("nama") >= 0 ? "nama" : c.keys[0]; }
  var base = { animation: false, aria: { enabled: true }, color: COLORS, textStyle: { fontFamily: "inherit" } };

  var build = {
    peta: function (c) {
      var lon = col(c, "lon"), lat = col(c, "lat"), per = col(c, "per_100"), nama = col(c, "nama"), asn = col(c, "asn");
      var pts = [];
      for (var i = 0; i < c.rows.length; i++) {
        if (lon[i] !== null && lat[i] !== null) { pts.push([lon[i], lat[i], per[i], nama[i], asn[i]]); }
      }
      var max = Math.max.apply(null, per.concat([0.01]));
      return {
        tooltip: { formatter: function (p) {
          return esc(p.data[3]) + "<br>" + esc(head(c, "per_100")) + ": " + num(p.data[2]) + "<br>" +
            esc(head(c, "asn")) + ": " + num(p.data[4]);
        } },
        grid: { left: 48, right: 16, top: 16, bottom: 64 },
        xAxis: { type: "value", min: 94, max: 142, name: head(c, "lon"), nameLocation: "middle", nameGap: 24,
                 axisLabel: { formatter: "{value}°" }, splitLine: { lineStyle: { color: "#eef0f3" } } },
        yAxis: { type: "value", min: -11.5, max: 6.5, name: head(c, "lat"), axisLabel: { formatter: "{value}°" },
                 splitLine: { lineStyle: { color: "#eef0f3" } } },
        visualMap: { type: "continuous", min: 0, max: max, dimension: 2, orient: "horizontal", left: "center",
                     bottom: 0, itemHeight: 120, text: [num(max), "0"], inRange: { color: ["#c6dbef", "#0b5cad", "#8b1e2d"] } },
        series: [{ type: "scatter", data: pts, name: head(c, "per_100"),
                   symbolSize: function (d) { return 6 + 26 * Math.sqrt(Math.max(d[2], 0) / max); },
                   itemStyle: { opacity: 0.85, borderColor: "#ffffff", borderWidth: 1 } }]
      };
    },
    batang: function (c) {
      var names = col(c, "nama").slice().reverse(), values = col(c, "per_100").slice().reverse();
      return {
        tooltip: { trigger: "axis", valueFormatter: num },
        grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
        xAxis: { type: "value", name: head(c, "per_100") },
        yAxis: { type: "category", data: names, axisLabel: { fontSize: 11 } },
        series: [{ type: "bar", data: values, name: head(c, "per_100"),
                   label: { show: true, position: "right", formatter: function (p) { return num(p.value); }, fontSize: 10 } }]
      };
    },
    rasio: function (c) {
      /* staff per unit by province, highest first; red below the median, blue above, a dashed line at the
         median of the provinces in the view */
      var names = col(c, "nama"), values = col(c, "rasio"), rel = col(c, "rasio_median"), staff = col(c, "pegawai"),
          units = col(c, "unit");
      var sorted = values.slice().sort(function (a, b) { return a - b; }), h = Math.floor(sorted.length / 2);
      var mid = !sorted.length ? null : sorted.length % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;  // as rules.py
      var order = values.map(function (_, i) { return i; }).reverse();
      var series = { type: "bar", name: head(c, "rasio"),
                     data: order.map(function (i) {
                       return { value: values[i], itemStyle: { color: rel[i] === null || rel[i] === 1 ? "#5b6675" : rel[i] < 1 ? "#8b1e2d" : "#0b5cad" } };
                     }),
                     label: { show: true, position: "right", fontSize: 10, formatter: function (p) { return num(p.value); } } };
      if (mid !== null) {
        series.markLine = { symbol: "none", silent: true, data: [{ xAxis: +mid.toFixed(2) }],
                            label: { formatter: "Median " + num(+mid.toFixed(2)), position: "end" },
                            lineStyle: { color: "#1f2933", type: "dashed" } };
      }
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: function (ps) {
          var i = order[ps[0].dataIndex];
          return esc(names[i]) + "<br>" + esc(head(c, "rasio")) + ": " + num(values[i]) + "<br>" +
            esc(head(c, "rasio_median")) + ": " + num(rel[i]) + "<br>" + esc(head(c, "pegawai")) + ": " + num(staff[i]) +
            "<br>" + esc(head(c, "unit")) + ": " + num(units[i]);
        } },
        grid: { left: 8, right: 48, top: 24, bottom: 24, containLabel: true },
        xAxis: { type: "value", name: head(c, "rasio"), nameLocation: "middle", nameGap: 22 },
        yAxis: { type: "category", data: order.map(function (i) { return names[i]; }), axisLabel: { fontSize: 11 } },
        series: [series]
      };
    },
    kolom: function (c) {
      var cats = col(c, c.keys[0]).map(String), values = col(c, "jumlah");
      return {
        tooltip: { trigger: "axis", valueFormatter: num },
        grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: cats, axisLabel: { interval: 0, rotate: cats.length > 8 ? 45 : 0 } },
        yAxis: { type: "value" },
        series: [{ type: "bar", data: values, name: head(c, "jumlah"),
                   label: { show: cats.length <= 12, position: "top", formatter: function (p) { return num(p.value); }, fontSize: 10 } }]
      };
    },
    donat: function (c) {
      var names = col(c, nameCol(c)), values = col(c, "jumlah");
      return {
        tooltip: { trigger: "item", formatter: function (p) { return esc(p.name) + ": " + num(p.value) + " (" + decFmt.format(p.percent) + " %)"; } },
        legend: { bottom: 0, type: "scroll" },
        series: [{ type: "pie", radius: ["40%", "68%"], center: ["50%", "45%"], name: c.title,
                   data: names.map(function (n, i) { return { name: String(n), value: values[i] }; }),
                   label: { formatter: function (p) { return p.name + "\n" + num(p.value); } } }]
      };
    },
    piramida: function (c) {
      var groups = col(c, "kelompok"), men = col(c, "L"), women = col(c, "P");
      var abs = function (v) { return num(Math.abs(v)); };
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: abs },
        legend: { bottom: 0 },
        grid: { left: 8, right: 16, top: 8, bottom: 32, containLabel: true },
        xAxis: { type: "value", axisLabel: { formatter: abs } },
        yAxis: { type: "category", data: groups, axisTick: { show: false } },
        series: [
          { type: "bar", stack: "usia", name: head(c, "L"), data: men.map(function (v) { return -v; }), color: "#0b5cad" },
          { type: "bar", stack: "usia", name: head(c, "P"), data: women, color: "#c2185b" }
        ]
      };
    },
    kepemimpinan: function (c) {
      var codes = col(c, "kode"), names = col(c, "nama"), share = col(c, "porsi"), n = col(c, "jumlah"), w = col(c, "perempuan");
      var last = codes.indexOf("SEMUA"), overall = last >= 0 ? share[last] : null;
      var idx = codes.map(function (_, i) { return i; }).filter(function (i) { return i !== last; });
      var series = { type: "bar", name: head(c, "porsi"),
                     data: idx.map(function (i) { return share[i] === null ? null : +(share[i] * 100).toFixed(2); }),
                     label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "" : decFmt.format(p.value) + " %"; } } };
      if (overall !== null) {
        series.markLine = { symbol: "none", data: [{ xAxis: +(overall * 100).toFixed(2), name: names[last] }],
                            label: { formatter: esc(names[last]) + ": " + pct(overall) }, lineStyle: { color: "#8b1e2d", type: "dashed" } };
      }
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: function (ps) {
          var i = idx[ps[0].dataIndex];
          return esc(names[i]) + "<br>" + esc(head(c, "porsi")) + ": " + pct(share[i]) + "<br>" + esc(head(c, "perempuan")) +
            ": " + num(w[i]) + " / " + num(n[i]);
        } },
        grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
        xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
        yAxis: { type: "category", data: idx.map(function (i) { return names[i]; }) },
        series: [series]
      };
    },
    asean: function (c) {
      var cats = c.rows.map(function (r, i) { return col(c, "negara")[i] + " (" + col(c, "tahun")[i] + ")"; });
      var kinds = col(c, "jenis"), values = col(c, "persen");
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return num(v) + " %"; } },
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", axisLabel: { formatter: "{value} %" } },
        yAxis: { type: "category", data: cats, inverse: true },
        series: [{ type: "bar", name: head(c, "persen"),
                   data: values.map(function (v, i) { return { value: v, itemStyle: { color: kinds[i] === "ABDI" ? "#8b1e2d" : "#0b5cad" } }; }),
                   label: { show: true, position: "right", formatter: function (p) { return num(p.value) + " %"; } } }]
      };
    },
    garis: function (c) {
      return {
        tooltip: { trigger: "axis", valueFormatter: num },
        grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: col(c, c.keys[0]).map(String) },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "line", data: col(c, "jumlah"), name: head(c, "jumlah"), label: { show: true } }]
      };
    }
  };

  var drawn = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var c = charts[el.getAttribute("data-chart")];
    if (!c || !build[c.kind]) { return; }
    if (c.kind === "batang" || c.kind === "rasio") { el.style.height = Math.max(280, c.rows.length * 20 + 48) + "px"; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(Object.assign({}, base, build[c.kind](c)));
    el.setAttribute("data-drawn", "true");
    drawn.push(chart);
  });
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { drawn.forEach(function (chart) { chart.resize(); }); }, 150);
  });
})();
