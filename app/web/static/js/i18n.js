// Words of the page, Chinese first with an English switch (kept in localStorage).
const WORDS = {
  title: ["ChainMap 产业链图谱", "ChainMap industry-chain map"],
  subtitle: ["产业链全景 · 缺链分析 · 招商名录", "Panorama · gap analysis · target list"],
  chain: ["产业链", "Chain"],
  scope: ["地区 / 园区", "Region / park"],
  scope_placeholder: ["输入城市或区县名，如 成都", "Type a city or county, e.g. 成都"],
  parks: ["产业园区", "Industrial parks"],
  regions: ["行政区划", "Regions"],
  no_match: ["没有匹配的地区或园区", "No matching region or park"],
  tab_overview: ["总览", "Overview"],
  tab_panorama: ["全景图", "Panorama"],
  tab_gaps: ["缺链分析", "Gaps"],
  tab_targets: ["招商名录", "Targets"],
  tab_roadmap: ["路径图", "Roadmap"],
  tab_compare: ["对比", "Compare"],
  tab_enterprises: ["企业", "Enterprises"],
  report: ["下载报告", "Download report"],
  api_key: ["API 密钥", "API key"],
  api_key_set: ["已设置密钥", "Key set"],
  api_key_prompt: ["输入 API 密钥（保存在本浏览器，随请求以 X-API-Key 发送）", "API key (kept in this browser, sent as X-API-Key)"],
  save: ["保存", "Save"],
  clear: ["清除", "Clear"],
  cancel: ["取消", "Cancel"],
  loading: ["加载中…", "Loading…"],
  retry: ["重试", "Retry"],
  error: ["出错了", "Something went wrong"],
  enter_key: ["输入 API 密钥", "Enter an API key"],
  pick_scope: ["请选择地区或园区", "Pick a region or park"],
  pick_scope_hint: ["在上方输入城市名（如“成都”）或选择园区，或点击下表中的城市。", "Type a city above (e.g. 成都), pick a park, or click a city below."],
  completeness: ["完备度", "Completeness"],
  strength: ["强度", "Strength"],
  strong: ["强", "Strong"],
  weak: ["弱", "Weak"],
  missing: ["缺", "Missing"],
  links_n: ["个环节", "links"],
  rank: ["城市排名", "Rank among cities"],
  rank_of: ["第 {0} / {1} 位", "{0} of {1}"],
  leaders: ["本地链主企业", "Local chain leaders"],
  supporting_rate: ["本地配套率", "Local supporting rate"],
  no_leaders: ["本地没有链主企业", "No local chain leader"],
  cities_ranking: ["各城市完备度", "Completeness by city"],
  city: ["城市", "City"],
  next_steps: ["下一步", "Next"],
  see_missing: ["查看缺失环节", "See the missing links"],
  see_targets: ["下载招商名录", "Download the target list"],
  see_panorama: ["打开全景图", "Open the panorama"],
  completeness_help: ["非缺失环节权重之和 / 全部环节权重之和", "weight of links present / weight of all links"],
  strength_help: ["强环节权重之和 / 全部环节权重之和", "weight of strong links / weight of all links"],
  upstream: ["上游", "Upstream"],
  midstream: ["中游", "Midstream"],
  downstream: ["下游", "Downstream"],
  legend_hint: ["点击环节查看本地企业、缺链原因和招商候选；悬停显示供给关系", "Click a link for local enterprises, reasons and candidates; hover to see supply flows"],
  local_enterprises: ["本地企业", "Local enterprises"],
  none_local: ["本地没有该环节的企业", "No local enterprise in this link"],
  reasons: ["原因", "Reasons"],
  candidates: ["招商候选企业", "Candidate enterprises"],
  no_candidates: ["该环节暂无候选企业", "No candidate for this link"],
  close: ["关闭", "Close"],
  local_count: ["本地企业数", "Local enterprises"],
  key_count: ["重点企业数", "Key enterprises"],
  national_count: ["全国企业数", "Enterprises nationwide"],
  lq: ["区位商", "Location quotient"],
  rca: ["显示性比较优势", "RCA"],
  density: ["关联密度", "Relatedness density"],
  core: ["核心环节", "Core link"],
  chokepoint: ["卡脖子", "Choke point"],
  mode_fill: ["补链", "Fill"],
  mode_strengthen: ["强链", "Strengthen"],
  mode_extend: ["延链", "Extend"],
  mode_build: ["建链", "Build"],
  mode_fuse: ["融链", "Fuse"],
  mode_help_fill: ["补齐本地缺失的环节", "fill links missing locally"],
  mode_help_strengthen: ["增强本地薄弱的环节", "reinforce weak local links"],
  mode_help_extend: ["向强环节的上下游延伸", "extend up/downstream of strong links"],
  mode_help_build: ["本地几乎没有该链时，引进链主从头建链", "start the chain around a chain leader"],
  mode_help_fuse: ["与其他产业链共享的环节", "links shared with another chain"],
  mode_empty: ["该方式下没有建议的环节", "Nothing proposed in this mode"],
  link: ["环节", "Link"],
  stage: ["阶段", "Stage"],
  status: ["状态", "Status"],
  priority: ["优先级", "Priority"],
  factors: ["得分构成", "Factors"],
  related_chain: ["关联产业链", "Related chain"],
  leader_candidates: ["链主候选", "Chain-leader candidates"],
  score: ["推荐分", "Score"],
  enterprise: ["企业", "Enterprise"],
  location: ["所在地", "Location"],
  target_link: ["目标环节", "Gap link"],
  mode: ["方式", "Mode"],
  kind: ["类别", "Kind"],
  kind_key: ["重点企业", "Key"],
  kind_supporting: ["配套企业", "Supporting"],
  kind_expansion: ["存量增资扩产", "Expansion"],
  kind_partner: ["区域协同伙伴", "Partner"],
  role: ["角色", "Role"],
  role_leader: ["链主", "Chain leader"],
  role_core_supplier: ["核心配套", "Core supplier"],
  role_supplier: ["一般配套", "Supplier"],
  role_service: ["服务商", "Service provider"],
  group: ["集团（决策主体）", "Group (decision-maker)"],
  gap_links: ["可补环节", "Gap links"],
  members: ["成员工厂", "Member plants"],
  present_via: ["本地已有", "Already here"],
  feasibility: ["落地可能性", "Feasibility"],
  value: ["招引价值", "Value"],
  tags: ["标签", "Tags"],
  all: ["全部", "All"],
  filter_text: ["筛选企业、环节或地区", "Filter by enterprise, link or place"],
  rows_shown: ["显示 {0} / {1} 条", "{0} of {1} rows"],
  download_xlsx: ["下载 Excel", "Download XLSX"],
  download_csv: ["下载 CSV", "Download CSV"],
  downloading: ["正在生成…", "Preparing…"],
  downloaded: ["已下载 {0}", "Downloaded {0}"],
  now: ["现状", "Now"],
  after_phase: ["本阶段后完备度", "Completeness after"],
  depends_on: ["依赖", "After"],
  whatif: ["落地推演", "What-if"],
  whatif_hint: ["勾选候选企业，推演其落地后的完备度变化", "Tick candidates to see how completeness changes if they land"],
  whatif_none: ["尚未勾选企业", "No enterprise ticked"],
  before: ["推演前", "Before"],
  after: ["推演后", "After"],
  changed_links: ["状态变化的环节", "Links that change status"],
  phase_near: ["近期", "Near term"],
  phase_mid: ["中期", "Mid term"],
  phase_long: ["远期", "Long term"],
  no_items: ["无", "None"],
  compare_add: ["添加城市", "Add a city"],
  similar: ["相似城市", "Similar cities"],
  similarity: ["相似度", "Similarity"],
  add: ["加入对比", "Add"],
  remove: ["移除", "Remove"],
  link_counts: ["各环节本地企业数", "Local enterprises per link"],
  search: ["搜索", "Search"],
  ent_placeholder: ["企业名称、编号或统一社会信用代码", "Name, id or USCC"],
  only_scope: ["仅限当前地区", "Only in the current region"],
  only_chain: ["仅限当前产业链", "Only on the current chain"],
  results: ["共 {0} 家", "{0} found"],
  supply: ["供应关系", "Supply relations"],
  suppliers: ["供应商", "Suppliers"],
  customers: ["客户", "Customers"],
  product: ["产品", "Product"],
  role: ["角色", "Role"],
  role_core: ["主营", "Core"],
  role_supporting: ["配套", "Supporting"],
  ent_parks: ["所在园区", "Parks"],
  status_active: ["状态", "Status"],
  revenue: ["营收（亿元）", "Revenue (100M CNY)"],
  employees: ["员工数", "Employees"],
  founded: ["成立", "Founded"],
  pick_enterprise: ["点击左侧企业查看详情", "Click an enterprise to see its details"],
  footer_method: ["方法：环节本地企业为 0 家为缺失；少于阈值或核心环节无重点企业为薄弱；其余为强。", "Method: a link with no local enterprise is missing; fewer than the threshold, or a core link without a key enterprise, is weak; otherwise strong."],
  api_docs: ["API 文档", "API docs"],
  not_available: ["该功能的服务接口尚未启用", "This part of the API is not available on this server"],
  bundle_html: ["报告 HTML", "Report HTML"],
  bundle_pdf: ["报告 PDF", "Report PDF"],
  more: ["还有 {0} 项", "{0} more"],
  factor_weight: ["环节权重", "link weight"],
  factor_core: ["核心环节", "core link"],
  factor_chokepoint: ["卡脖子", "choke point"],
  factor_adjacency: ["上下游带动", "adjacency"],
  factor_density: ["关联密度", "relatedness"],
  factor_shortfall: ["企业缺口", "shortfall"],
  factor_no_key: ["缺重点企业", "no key firm"],
  factor_supply: ["以商招商", "supply ties"],
  factor_tie: ["以商招商", "supply ties"],
  factor_province: ["本省布局", "in the province"],
  factor_plants: ["多地设厂", "plants elsewhere"],
  factor_choke: ["卡脖子", "choke point"],
  factor_breadth: ["可补环节数", "links filled"],
  factor_key: ["重点标签", "key tags"],
  factor_scale: ["规模", "scale"],
  factor_link: ["环节优先级", "link priority"],
  factor_distance: ["距离", "distance"],
};

/** A factor's label, or its code name when the page has no word for it. */
export function factorName(code) {
  return WORDS[`factor_${code}`] ? t(`factor_${code}`) : code;
}

let lang = localStorage.getItem("chainmap.lang") === "en" ? "en" : "zh";

export function getLang() { return lang; }

export function setLang(value) {
  lang = value === "en" ? "en" : "zh";
  localStorage.setItem("chainmap.lang", lang);
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
}

/** The word for `key` in the current language; {0}, {1}… are filled from `args`. */
export function t(key, ...args) {
  const pair = WORDS[key];
  let text = pair ? pair[lang === "en" ? 1 : 0] : key;
  args.forEach((a, i) => { text = text.replace(`{${i}}`, String(a)); });
  return text;
}

/** A reason {zh, en} in the current language (Chinese when the English is missing). */
export function reasonText(reason) {
  return (lang === "en" && reason.en) || reason.zh;
}

/** The same reason in the other language, for a tooltip. */
export function reasonOther(reason) {
  return (lang === "en" ? reason.zh : reason.en) || "";
}

/** A name in the current language: `name_en` when English is on and one exists. */
export function nameOf(item) {
  return lang === "en" && item && item.name_en ? item.name_en : (item && item.name) || "";
}

setLang(lang);
