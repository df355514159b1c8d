// Presence × fit (Metroverse's PSWOT in this domain's words): one point per link, x its relatedness density (fit),
// y its location quotient (presence), coloured by status as on the panorama. The lines are LQ = 1 and the scope's
// median density; the quadrants are named for what a plan does there: 强链, 补链, 延链, 暂不布局.
import { nameOf, t } from "./i18n.js";
import { look, num } from "./ui.js";

const LQ_CAP = 5;  // a few links have LQ 15: drawn at the top edge so the rest stay readable

export function median(values) {
  const xs = [...values].sort((a, b) => a - b);
  if (!xs.length) return 0;
  const m = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

/** The quadrant of a link: strengthen (present, related), fill (absent, related), extend (present, unrelated), hold. */
export function quadrant(link, fit) {
  const present = link.lq >= 1;
  const related = link.density >= fit;
  return present ? (related ? "strengthen" : "extend") : (related ? "fill" : "hold");
}

/** {option, fit}: the ECharts option for the scatter of `links` (the gap report's). */
export function fitOption(links) {
  const fit = median(links.map((x) => x.density));
  const maxX = Math.max(0.1, ...links.map((x) => x.density)) * 1.08;
  const data = links.map((x) => ({
    value: [x.density, Math.min(x.lq, LQ_CAP)], node_id: x.node_id, link: x, quadrant: quadrant(x, fit),
    itemStyle: { color: look.status[x.status].fill, borderColor: look.status[x.status].stroke, borderWidth: 1.5 },
  }));
  // top: present (LQ ≥ 1), right: related (density ≥ the median); the names sit in the corners
  const corner = (key, place) => ({ type: "text", silent: true, ...place,
    style: { text: t(`quad_${key}`), fill: "#5f6b7a", font: "bold 12px sans-serif" } });
  const option = {
    animation: false,
    grid: { left: 48, right: 16, top: 28, bottom: 40 },
    tooltip: { trigger: "item", confine: true, formatter: (p) => tip(p.data) },
    xAxis: { type: "value", min: 0, max: +maxX.toFixed(2), name: t("density"), nameLocation: "middle", nameGap: 26 },
    yAxis: { type: "value", min: 0, max: LQ_CAP, name: t("lq"), nameGap: 10 },
    graphic: [corner("strengthen", { right: 24, top: 30 }), corner("extend", { left: 56, top: 30 }),
      corner("fill", { right: 24, bottom: 48 }), corner("hold", { left: 56, bottom: 48 })],
    series: [{
      id: "links", type: "scatter", symbolSize: 11, data,
      markLine: { silent: true, symbol: "none", lineStyle: { color: "#90a4ae", type: "dashed" }, label: { show: false },
        data: [{ yAxis: 1 }, { xAxis: fit }] },
    }],
  };
  return { option, fit };
}

function tip(d) {
  const x = d.link;
  const esc = (v) => String(v).replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
  return [`<b>${esc(nameOf(x))}</b>`, `${esc(t(`status_${x.status}`))} · ${esc(t(`quad_${d.quadrant}`))}`,
    `${esc(t("lq"))} ${num(x.lq)} · ${esc(t("density"))} ${num(x.density)}`].join("<br>");
}
