// Words of the later views (the panorama's map, snapshots), kept apart from i18n.js so each module stays small.
// Chinese first, English second, as in i18n.js (which merges them into its table).
export const VIEW_WORDS = {
  map_local: ["本地企业", "Local enterprise"],
  pano_map: ["招商地图", "Investment map"],
  map_open_big: ["在招商名录中放大", "Open larger in the target list"],
};
Object.assign(VIEW_WORDS, {
  tab_snapshots: ["历次评估", "Reviews"],
  snap_intro: ["每次评估保存一份快照（状态、企业、招商名录）；此处列出本范围的历次快照及其后的变化：哪些环节变了状态、哪些企业进出、哪些招商目标已落地。",
    "Each review saves a snapshot (statuses, enterprises, target list); here are this scope's snapshots and what changed since each: links whose status changed, enterprises in and out, targets that landed."],
  snap_list: ["历次快照（新的在前）与其后的变化", "Snapshots (newest first) and what changed since"],
  snap_none: ["本范围还没有快照：保存一份，下次评估即可看到变化。", "No snapshot of this scope yet: save one, and the next review shows what changed."],
  snap_label: ["快照", "Snapshot"],
  snap_label_hint: ["标签，如 2026Q4（缺省为保存时间）", "Label, e.g. 2026Q4 (default: the time saved)"],
  snap_then: ["保存日期", "Saved"],
  snap_changed: ["状态变化", "Status changes"],
  snap_entered: ["新进企业", "Entered"],
  snap_left: ["离开企业", "Left"],
  snap_landed: ["落地目标", "Targets landed"],
  snap_older: ["仅对比最近 {0} 份快照", "Only the newest {0} snapshots are compared"],
  snap_save: ["保存当前评估为快照", "Save the current review as a snapshot"],
  snap_saved: ["已保存快照 {0}", "Snapshot {0} saved"],
  since_status: ["状态：当时 → 现在", "Status: then → now"],
  since_nothing: ["此后没有环节变化状态，也没有企业进出。", "No link changed status and no enterprise entered or left since."],
});
Object.assign(VIEW_WORDS, {
  rows_more: ["再显示 {0} 行（还有 {1} 行）", "Show {0} more ({1} left)"],
});
Object.assign(VIEW_WORDS, {
  grade_confirmed: ["确认", "confirmed"],
  grade_uncertain: ["待审核", "to review"],
  imp_strength: ["证据强度（★ 越多越强）", "Evidence strength (more ★, stronger)"],
});
