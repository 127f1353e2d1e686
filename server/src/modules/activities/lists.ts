/** The lists of the activities module (free of imports: the web app may import them). */
export const ACTIVITY_STATUSES = ['draft', 'published', 'started', 'ended', 'reviewed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
/** 社区 / 党支部 (party_orgs) / 志愿服务队 / 共建单位 */
export const ORGANISER_KINDS = ['community', 'branch', 'team', 'unit'] as const;
export type OrganiserKind = (typeof ORGANISER_KINDS)[number];
export const ACTIVITY_AUDIENCES = ['members', 'residents', 'everyone'] as const;
export type ActivityAudience = (typeof ACTIVITY_AUDIENCES)[number];
export const SIGNUP_STATUSES = ['signed_up', 'waiting', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const REVIEW_OUTCOMES = ['pending', 'approved', 'absent'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const SCAN_PURPOSES = ['in', 'out'] as const;
export type ScanPurpose = (typeof SCAN_PURPOSES)[number];
