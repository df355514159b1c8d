// The panorama as an ECharts option: stages as columns, segments stacked in each, links as boxes
// coloured by status (the maps' colours), FEEDS as faint arrows that light up on hover.
// Boxes are a custom series on a hidden cartesian grid whose axes run 0..width and 0..height, so data
// coordinates are pixels and the stage headers (graphic elements) line up; FEEDS are a lines series.
import { colon, getLang, listSep, t } from "./i18n.js";
import { look } from "./ui.js";

const HEAD = 40;      // stage header band
const SEG = 24;       // segment title row
const ROW = 36;       // one row of link boxes
const BOX_H = 28;
const GAP = 12;
const PER_ROW = 2;
export const NARROW = 600;  // below this width the stages stack
/** 远景图 colours: a link planned by the chosen phase, and a link the plan leaves out (有所为有所不为). */
export const VISION = { planned: { fill: "#dbe9fb", stroke: "#1565c0" }, not_pursued: { fill: "#f1f1f1", stroke: "#9e9e9e" } };

const nm = (x) => (getLang() === "en" && x.name_en ? x.name_en : x.name);

/** {option, height} for the panorama answer at the given width. */
export function panoramaOption(pano, width, selected = { id: null }, vision = null) {
  const stacked = width < NARROW;  // a phone: stages one under another, each the full width
  const colW = stacked ? width : width / pano.stages.length;
  const boxW = (colW - GAP * (PER_ROW + 1)) / PER_ROW;
  const nodes = [];
  const graphics = [];
  let height = 0;
  pano.stages.forEach((stage, si) => {
    const x0 = stacked ? 0 : si * colW;
    const top = stacked ? height : 0;
    graphics.push(
      { type: "rect", shape: { x: x0 + 4, y: top + 4, width: colW - 8, height: HEAD - 8, r: 4 }, style: { fill: "#eef2f7" }, silent: true },
      { type: "text", x: x0 + colW / 2, y: top + HEAD / 2, silent: true,
        style: { text: nm(stage), fill: "#1f2933", font: "bold 14px sans-serif", align: "center", verticalAlign: "middle", width: colW - 16, overflow: "truncate" } });
    let y = top + HEAD + 6;
    for (const seg of stage.segments) {
      graphics.push({ type: "text", x: x0 + GAP, y: y + SEG / 2, silent: true,
        style: { text: nm(seg), fill: "#5f6b7a", font: "bold 12px sans-serif", verticalAlign: "middle", width: colW - 2 * GAP - 30, overflow: "truncate" } },
      { type: "text", x: x0 + colW - GAP, y: y + SEG / 2, silent: true,  // the count stays when the name is cut
        style: { text: `(${seg.links.length})`, fill: "#5f6b7a", font: "12px sans-serif", align: "right", verticalAlign: "middle" } });
      y += SEG;
      seg.links.forEach((link, i) => {
        const cx = x0 + GAP + (i % PER_ROW) * (boxW + GAP) + boxW / 2;
        const cy = y + Math.floor(i / PER_ROW) * ROW + BOX_H / 2;
        nodes.push(linkNode(link, cx, cy, seg, vision));
      });
      y += Math.ceil(seg.links.length / PER_ROW) * ROW + 8;
    }
    height = Math.max(height, y);
  });
  const index = new Map(nodes.map((n, i) => [n.node_id, i]));
  const edges = pano.feeds.filter(([a, b]) => index.has(a) && index.has(b)).map(([source, target]) => ({
    source, target, coords: [nodes[index.get(source)].value, nodes[index.get(target)].value],
  }));
  const option = {
    animation: false,
    grid: { left: 0, right: 0, top: 0, bottom: 0 },
    xAxis: { type: "value", min: 0, max: width, show: false },
    yAxis: { type: "value", min: 0, max: height, inverse: true, show: false },
    tooltip: { trigger: "item", confine: true, formatter: tooltip },
    graphic: graphics,
    series: [
      { id: "links", name: "links", type: "custom", coordinateSystem: "cartesian2d", data: nodes, z: 3,
        renderItem: (params, api) => linkBox(nodes[params.dataIndex], api, boxW, selected), encode: { x: 0, y: 1 } },
      { id: "feeds", name: "feeds", type: "lines", coordinateSystem: "cartesian2d", data: edges, z: 2, silent: true,
        symbol: ["none", "arrow"], symbolSize: 6,
        lineStyle: { color: "#78909c", opacity: 0.06, width: 1, curveness: 0.2 },
        emphasis: { lineStyle: { color: "#1565c0", opacity: 0.85, width: 1.6 } } },
    ],
  };
  return { option, height, edges };
}

/** One link box: exact pixels (a custom series), dashed border when missing, thicker for core links. */
function linkBox(node, api, boxW, selected) {
  const [x, y] = api.coord(node.value);
  const s = { fill: node.fill, stroke: node.stroke };
  const link = node.link;
  const chosen = selected && selected.id === node.node_id;
  const mark = (link.is_core ? "◆" : "") + (link.chokepoint ? "⚑" : "");
  return {
    type: "group",
    children: [
      { type: "rect", shape: { x: x - boxW / 2, y: y - BOX_H / 2, width: boxW, height: BOX_H, r: 3 },
        style: { fill: s.fill, stroke: chosen ? "#1565c0" : s.stroke, lineWidth: chosen ? 3 : link.is_core ? 2 : 1.2,
          lineDash: !chosen && (node.shown === "missing" || node.shown === "not_pursued") ? [4, 3] : null },
        emphasis: { style: { lineWidth: 2.6, shadowBlur: 6, shadowColor: "rgba(0,0,0,.25)" } } },
      { type: "text", silent: true,
        style: { x: x - boxW / 2 + 6, y, verticalAlign: "middle", width: boxW - 36, overflow: "truncate",
          text: `${mark ? `{m|${mark}} ` : ""}${nm(link)}`, fill: "#1f2933",
          font: `${chosen ? "bold " : ""}12px sans-serif`, rich: { m: { fill: "#b71c1c", fontSize: 10 } } } },
      { type: "text", silent: true,  // the local count, never cut with a long name
        style: { x: x + boxW / 2 - 6, y, align: "right", verticalAlign: "middle", text: String(link.local_count), fill: s.stroke, font: "bold 12px sans-serif" } },
    ],
  };
}

function tooltip(p) {
  const x = p.data && p.data.link;
  if (!x) return "";
  const esc = (v) => String(v).replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
  const keys = x.key_enterprises.map((k) => esc(k.name)).slice(0, 3).join(listSep());
  return [
    `<b>${esc(nm(x))}</b> · ${esc(p.data.segment)}`,
    `${t("status")}${colon()}<span style="color:${look.status[x.status].stroke}">${esc(t(`status_${x.status}`))}</span>`
      + `${x.is_core ? ` · ${t("core")}` : ""}${x.chokepoint ? ` · ${t("chokepoint")}` : ""}`,
    `${t("local_count")}${colon()}${x.local_count} · ${t("key_count")}${colon()}${x.key_count}`,
    keys,  // each name escaped once, above
  ].filter(Boolean).join("<br>");
}

function linkNode(link, x, y, seg, vision) {
  const shown = !vision ? link.status : vision.planned.has(link.node_id) ? "planned" : vision.notPursued.has(link.node_id) ? "not_pursued"
    : (vision.after && vision.after.get(link.node_id)) || link.status;
  const s = look.status[shown] || VISION[shown];
  return { name: nm(link), value: [x, y], node_id: link.node_id, status: link.status, shown, fill: s.fill, stroke: s.stroke, link, segment: nm(seg) };
}
