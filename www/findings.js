// What the page and the worker both read from a finding's params: the other row a finding across
// rows names (`duplicate_external_id`: first_row, `shared_handle`: other_row,
// `duplicate_dropped`: kept_row; 0-based), or undefined.
export const otherRowOf = (issue) => issue.params?.first_row ?? issue.params?.other_row ?? issue.params?.kept_row;
