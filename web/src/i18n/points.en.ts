import type { pointsZh } from './points.zh-CN';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** Points: English words of the H5 "my points" page (`points`). */
export const pointsEn: DeepStrings<typeof pointsZh> = {
  title: 'My points',
  party: 'Party points',
  credit: 'Credit points',
  balance: 'Balance',
  yearTotal: '{{total}} earned in {{year}}',
  entries: 'Entries',
  empty: 'No entries yet',
  more: '{{shown}} latest of {{total}}',
  reason: {
    report_in: 'Reported to the community',
    activity_attend: 'Took part in an activity',
    service_hour: 'Volunteer service',
    visit: 'Home visit',
    wish_claimed: 'Claimed a micro-wish',
    absent_without_leave: 'Absent from an activity',
    no_service_quarter: 'No service this quarter',
    volunteer_hour: 'Volunteer service',
    environment: 'Environment and recycling',
    wish_fulfilled: 'Fulfilled a micro-wish',
    manual_award: 'Award',
    manual_deduction: 'Deduction',
    correction: 'Correction',
    store_redeem: 'Points store',
    store_cancel: 'Points store refund',
  },
  source: {
    activity: 'Activity',
    manual: 'Community',
    points_entry: 'Correction',
    store_redemption: 'Points store',
    demo: 'Demo data',
    wish: 'Micro-wish',
  },
};
