/** 项目目录：价格、门店价、术后回访路径与复诊规则（简体中文）。 */
export const catalogZhCN = {
  'err.recallMonths': '请填写整月数：间隔 1–60 个月，节点 1–120 个月',
} as const;
