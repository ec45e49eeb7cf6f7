/** SET/REMOVE expression for the fields present in `changes`; `null` removes an attribute. */
export type UpdateParts = {
  UpdateExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};

export const buildUpdate = (changes: Record<string, unknown>, extraSet: string[] = [], extraValues: Record<string, unknown> = {}): UpdateParts => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ...extraValues };
  const sets: string[] = [...extraSet];
  const removes: string[] = [];
  Object.entries(changes).forEach(([field, value], index) => {
    if (value === undefined) return;
    names[`#f${index}`] = field;
    if (value === null) {
      removes.push(`#f${index}`);
    } else {
      values[`:v${index}`] = value;
      sets.push(`#f${index} = :v${index}`);
    }
  });
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ');
  return {
    UpdateExpression: expression,
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
};
