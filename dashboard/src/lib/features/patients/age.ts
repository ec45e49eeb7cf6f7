/** Whole years between a YYYY-MM-DD birth date and today (the browser's calendar day). */
export const ageOn = (birthDate: string, today: Date = new Date()): number | null => {
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!y || !m || !d) return null;
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age -= 1;
  return age >= 0 ? age : null;
};
