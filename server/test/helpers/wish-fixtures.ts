import { sql } from 'drizzle-orm';
import { newId } from '../../src/platform/db/columns.js';
import { sealBeneficiary } from '../../src/modules/wishes/beneficiary.js';
import { wishes } from '../../src/modules/wishes/schema.js';
import type { WishStatus } from '../../src/modules/wishes/lists.js';
import type { TestContext } from './harness.js';
import type { Places } from './fixtures.js';

const userId = async (t: TestContext, username: string) =>
  (await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${username}`))[0]!.id;

/**
 * A wish of the demo resident (poster and beneficiary) in the 新安社区 branch's grid, written directly (no API, no
 * audit) in `status`; claimed, fulfilled and confirmed ones by the demo member.
 */
export async function makeWish(t: TestContext, p: Places, status: WishStatus, opts: { minor?: boolean } = {}): Promise<string> {
  const id = newId();
  const resident = await userId(t, 'resident');
  const claimed = ['claimed', 'fulfilled', 'confirmed'].includes(status);
  const member = claimed ? await userId(t, 'member') : null;
  await t.services.database.db.insert(wishes).values({
    id,
    cityId: t.seed.cityId,
    regionId: p.in.grid.id,
    regionPath: p.in.grid.path,
    communityId: p.in.community.id,
    postedBy: resident,
    postedAs: 'self',
    beneficiaryUserId: resident,
    beneficiaryEnc: sealBeneficiary(t.services.crypto, id, { name: '周阿姨', phone: '13908981234', address: '新安社区2栋101', idNumber: null }),
    title: '想要一台收音机',
    story: '独居老人想听广播',
    category: 'daily',
    estimatedValueFen: 10_000n,
    minor: opts.minor ?? false,
    publicTitle: opts.minor ? '一名小学生需要学习用品' : null,
    publicStory: opts.minor ? '社区一名小学生需要学习用品' : null,
    deadline: new Date(Date.now() + 30 * 86_400_000),
    status,
    publishedAt: status === 'submitted' || status === 'verified' ? null : new Date(),
    claimerKind: claimed ? 'member' : null,
    claimerUserId: member,
    claimerName: claimed ? '在职党员 赵明' : null,
    claimedAt: claimed ? new Date() : null,
    proofNote: status === 'fulfilled' ? '已送达' : null,
    fulfilledAt: status === 'fulfilled' ? new Date() : null,
  });
  return id;
}
