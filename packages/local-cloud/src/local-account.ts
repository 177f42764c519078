/** The account every local deployment belongs to, as `${aws:accountId}` and ARNs show it. */
export const localAccountId = '000000000000';

/** The region of a deployment that names none (`--region`, `provider.region`), and of the local DynamoDB. */
export const localRegion = 'eu-west-1';
