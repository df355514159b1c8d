// Words of the later views (the panorama's map, snapshots), kept apart from i18n.js so each module stays small.
// Chinese first, English second, as in i18n.js (which merges them into its table).
export const VIEW_WORDS = {
  map_local: ["本地企业", "Local enterprise"],
  pano_map: ["招商地图", "Investment map"],
  map_open_big: ["在招商名录中放大", "Open larger in the target list"],
};
