/** 门店设置：营业时间、牙椅、短信签名、回复号码（简体中文）。 */
export const clinicsZhCN = {
  'err.openingHoursOrder': '打烊时间须晚于开门时间',
} as const;
