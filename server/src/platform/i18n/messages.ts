/** Client-facing error messages by code, in every language the product speaks. */
export type Lang = 'zh-CN' | 'en';

type Catalog = Record<string, { 'zh-CN': string; en: string }>;

const messages: Catalog = {
  unauthenticated: { 'zh-CN': '请先登录', en: 'Please log in' },
  session_expired: { 'zh-CN': '登录已过期，请重新登录', en: 'Your session has expired, please log in again' },
  forbidden: { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  out_of_scope: { 'zh-CN': '该对象不在您的管辖范围内', en: 'This item is outside your area' },
  not_found: { 'zh-CN': '{what}不存在', en: '{what} not found' },
  password_change_required: { 'zh-CN': '请先修改密码', en: 'Please change your password first' },
  totp_already_enabled: { 'zh-CN': '动态验证码已启用，如需更换请联系管理员重置', en: 'Two-factor is on already; ask an administrator to reset it' },
  totp_reused: { 'zh-CN': '该动态验证码已使用，请等待下一个', en: 'This code was used already; wait for the next one' },
  org_parent_region: { 'zh-CN': '上级党组织须位于本区域或其上级区域', en: 'The parent organisation must sit at this region or above it' },
  department_code_taken: { 'zh-CN': '该部门编码已存在', en: 'This department code exists already' },
  not_a_handler: { 'zh-CN': '该用户不是职能部门处置人员', en: 'This user is not a department handler' },
  category_not_leaf: { 'zh-CN': '请选择最末一级分类', en: 'Choose a category at the lowest level' },
  attachment_invalid: { 'zh-CN': '附件无效或不属于您', en: 'An attachment is invalid or not yours' },
  assignee_required: { 'zh-CN': '请指定网格员', en: 'Choose the grid worker' },
  assignee_not_grid_worker: { 'zh-CN': '该用户不是此网格的网格员', en: 'This user is not a grid worker of this grid' },
  lead_required: { 'zh-CN': '请指定牵头部门', en: 'Choose the lead department' },
  merge_target_closed: { 'zh-CN': '目标工单已结束，不能合并', en: 'The target case is closed; it cannot take a merge' },
  supervision_not_raised: { 'zh-CN': '督办级别只能提高', en: 'Supervision can only be raised' },
  appeal_changed: { 'zh-CN': '工单已被他人更新，请刷新后重试', en: 'The case changed meanwhile; reload and try again' },
  pb_not_voting: { 'zh-CN': '本期微实事当前不在投票阶段', en: 'This cycle is not in its voting phase' },
  pb_already_voted: { 'zh-CN': '您已在本期投过票，选票一经投出不可更改', en: 'You have already voted in this cycle; a ballot cannot be changed' },
  pb_not_a_voter: { 'zh-CN': '您不在本期的投票人名册中', en: 'You are not on the voter roll of this cycle' },
  pb_code_unknown: { 'zh-CN': '投票码无效', en: 'This voting code is not valid' },
  pb_project_not_on_ballot: { 'zh-CN': '所选项目不在本期选票上', en: 'A project chosen is not on the ballot' },
  pb_over_budget: { 'zh-CN': '所选项目的总金额超出本期预算', en: 'The projects chosen cost more than the budget' },
  pb_not_in_phase: { 'zh-CN': '当前阶段（{phase}）不能进行此操作', en: 'Not allowed in the current phase ({phase})' },
  pb_phase_changed: { 'zh-CN': '周期阶段已变化，请刷新后重试', en: 'The cycle moved to another phase meanwhile; reload' },
  pb_phase_final: { 'zh-CN': '本期已结束', en: 'The cycle is closed' },
  pb_project_not_reviewable: { 'zh-CN': '该项目已过初审阶段', en: 'The project is past review' },
  pb_not_a_resident: { 'zh-CN': '有 {count} 人不是本社区居民，未加入投票人名册', en: '{count} of them do not live here; nobody was added' },
  pb_not_counted: { 'zh-CN': '尚未计票', en: 'The votes have not been counted yet' },
  pb_sheet_done: { 'zh-CN': '该纸质选票已录入完成', en: 'This paper ballot has been counted already' },
  pb_second_official_needed: { 'zh-CN': '第二次录入须由另一名工作人员完成', en: 'The second entry must be made by another official' },
  pb_paper_pending: { 'zh-CN': '还有 {count} 张纸质选票未完成双人录入或待裁定', en: '{count} paper ballots wait for their second entry or a decision' },
  // points ledgers (modules/points)
  points_insufficient: { 'zh-CN': '积分余额不足', en: 'Not enough points' },
  points_rule_unknown: { 'zh-CN': '积分规则不存在', en: 'No such points rule' },
  points_idempotency_key_reused: { 'zh-CN': '该幂等键已用于另一笔积分记录', en: 'This idempotency key was used for another entry' },
  points_idempotency_key_required: { 'zh-CN': '请提供幂等键', en: 'An idempotency key is required' },
  points_delta_invalid: { 'zh-CN': '积分数须为非零整数', en: 'Points must be a whole number other than zero' },
  points_reason_required: { 'zh-CN': '请填写加减分理由', en: 'Give the reason for the points' },
  points_rule_or_delta: { 'zh-CN': '请选择规则或填写分值，二者取一', en: 'Give a rule or an amount, not both' },
  points_kind_invalid: { 'zh-CN': '积分类型无效', en: 'Unknown kind of points' },
  points_field_invalid: { 'zh-CN': '积分记录字段无效', en: 'A field of the points entry is invalid' },
  points_city_mismatch: { 'zh-CN': '积分账户不属于本市', en: 'The account belongs to another city' },
  points_correction_of_correction: { 'zh-CN': '冲正记录不能再次冲正，请另行记账', en: 'A correction cannot be corrected; post a new entry' },
  points_rule_points_zero: { 'zh-CN': '规则分值不能为零', en: 'A rule cannot be worth zero points' },
  points_rule_cap_cycle: { 'zh-CN': '上限与周期须同时填写', en: 'Give both the cap and its cycle, or neither' },
  points_rule_duplicate: { 'zh-CN': '规则编码重复', en: 'This rule code appears twice' },
  pb_codes_not_used: { 'zh-CN': '本期仅凭投票人名册投票，不使用投票码', en: 'This cycle votes by the register only, without codes' },
  pb_project_not_in_progress: { 'zh-CN': '只有已立项、正在实施的项目可以记录进展', en: 'Only an approved project in progress records milestones' },
  pb_project_not_done: { 'zh-CN': '项目完成后才能评价', en: 'Only a finished project can be rated' },
  pb_too_many_points: { 'zh-CN': '分配的票数超过每人可投的票数', en: 'More points than each voter may give' },
  // Deliberation and publicity (deliberation-routes.ts, objection-routes.ts).
  pb_project_not_amendable: { 'zh-CN': '只有待审或已列入选票的项目可以修改', en: 'Only a proposal or a project on the ballot can be amended' },
  pb_no_amendment: { 'zh-CN': '该评论没有提出修改建议', en: 'This comment proposes no amendment' },
  pb_amendment_decided: { 'zh-CN': '该修改建议已处理', en: 'This amendment has been decided already' },
  pb_project_not_in_cycle: { 'zh-CN': '所选项目不属于本期微实事', en: 'A project chosen is not part of this cycle' },
  pb_not_published: { 'zh-CN': '结果尚未公示', en: 'The result has not been published yet' },
  pb_objections_open: { 'zh-CN': '还有 {count} 条异议未答复', en: '{count} objections wait for an answer' },
  pb_objection_answered: { 'zh-CN': '该异议已答复', en: 'This objection has been answered already' },
  // Editing cycles and merging proposals (cycle-edit-routes.ts, project-routes.ts).
  pb_cycle_changed: { 'zh-CN': '本期设置已被他人修改，请刷新后重试', en: 'The cycle was changed meanwhile; reload and try again' },
  pb_project_not_mergeable: { 'zh-CN': '只有待审或已列入选票的项目可以合并', en: 'Only a proposal or a project on the ballot can be merged' },
  pb_merge_target_closed: { 'zh-CN': '合并目标须为待审或已列入选票的项目', en: 'The target must be a proposal or a project on the ballot' },
  actor_not_allowed: { 'zh-CN': '您在此工单中无权执行该操作', en: 'Your part in this case does not allow this' },
  illegal_transition: { 'zh-CN': '工单当前状态不允许此操作', en: 'The case cannot do this in its current state' },
  assists_pending: { 'zh-CN': '仍有协办单位未反馈，牵头单位暂不能办结反馈', en: 'Assisting departments have not all replied yet' },
  dispatch_locked: { 'zh-CN': '退单申请已被驳回，不能再次退单', en: 'A return was refused already; the case cannot be returned again' },
  return_window_passed: { 'zh-CN': '已超过退单时限', en: 'The time to return this case has passed' },
  onsite_required: { 'zh-CN': '请先到场签到（定位和照片）', en: 'Check in on site first (location and photo)' },
  no_pending_request: { 'zh-CN': '没有待审批的申请', en: 'There is no pending request' },
  request_pending: { 'zh-CN': '有待审批的申请，请先处理', en: 'A request is pending; decide it first' },
  already_replied: { 'zh-CN': '已反馈过', en: 'Replied already' },
  invalid_argument: { 'zh-CN': '参数无效：{field}', en: 'Invalid value: {field}' },
  file_too_large: { 'zh-CN': '文件过大（最大 {max} MB）', en: 'The file is too large (at most {max} MB)' },
  file_type: { 'zh-CN': '不支持的文件类型', en: 'This file type is not accepted' },
  category_code_taken: { 'zh-CN': '该分类编码已存在', en: 'This category code exists already' },
  region_in_use: { 'zh-CN': '该区域仍有授权、单位或党组织，不能删除', en: 'This region still has grants, units or Party organisations' },
  city_admin_only: { 'zh-CN': '仅市级管理员可执行此操作', en: 'Only a city-level administrator can do this' },
  // Members, households and dual reporting (modules/members).
  member_place_required: { 'zh-CN': '请至少填写所属党组织、工作单位或居住楼栋之一', en: 'Give the Party organisation, the work unit or the building at least' },
  member_not_a_building: { 'zh-CN': '所选区域不是楼栋', en: 'The region chosen is not a building' },
  member_user_not_member: { 'zh-CN': '该账号没有党员角色', en: 'This account does not hold the member role' },
  member_user_linked: { 'zh-CN': '该账号已关联其他党员', en: 'This account is linked to another member already' },
  member_id_number_taken: { 'zh-CN': '该身份证号码的党员已存在', en: 'A member with this ID number exists already' },
  member_changed: { 'zh-CN': '记录已被他人修改，请刷新后重试', en: 'The record was changed meanwhile; reload and try again' },
  member_gender_mismatch: { 'zh-CN': '性别与身份证号码不符', en: 'The gender does not match the ID number' },
  member_birth_date_mismatch: { 'zh-CN': '出生日期与身份证号码不符', en: 'The birth date does not match the ID number' },
  member_join_date_invalid: { 'zh-CN': '入党日期须晚于出生日期且不晚于今天', en: 'The joining date must follow the birth date and not be in the future' },
  date_invalid: { 'zh-CN': '日期格式不正确（应为 YYYY-MM-DD）', en: 'Not a valid date (YYYY-MM-DD)' },
  report_not_a_community: { 'zh-CN': '报到对象须为社区', en: 'Reports are made to a community' },
  report_place_outside: { 'zh-CN': '所选网格或楼栋不在该社区内（或与楼栋不符）', en: 'The grid or building chosen is not in this community (or not the building\'s grid)' },
  report_pending: { 'zh-CN': '已有待审核的报到', en: 'A report is waiting for a decision already' },
  report_not_pending: { 'zh-CN': '该报到已审核（{status}）', en: 'This report has been decided already ({status})' },
  report_grid_required: { 'zh-CN': '请指定报到网格', en: 'Choose the grid' },
  report_branch_outside: { 'zh-CN': '所选党支部不在该社区内', en: 'The branch chosen is not in this community' },
  report_no_community: { 'zh-CN': '该单位不在任何社区内', en: 'This unit does not sit in a community' },
  service_item_unknown: { 'zh-CN': '所选服务项目不存在或已停用', en: 'A service item chosen does not exist or is retired' },
  service_code_taken: { 'zh-CN': '该编码已存在', en: 'This code exists already' },
  link_exists: { 'zh-CN': '该党员已联系此户', en: 'This member looks after this household already' },
  visit_not_linked: { 'zh-CN': '只能走访自己联系的住户', en: 'You can only log visits to households you look after' },
  visit_date_future: { 'zh-CN': '走访日期不能晚于今天', en: 'The visit date cannot be in the future' },
  visit_no_follow_up: { 'zh-CN': '该走访没有需要跟进的事项', en: 'This visit has no follow-up' },
  visit_follow_up_not_open: { 'zh-CN': '该走访没有待跟进的事项（{status}）', en: 'This visit has no open follow-up ({status})' },
  visit_appealed: { 'zh-CN': '该走访的跟进事项已转为诉求', en: 'This follow-up is an appeal already' },
  import_required: { 'zh-CN': '「{field}」为必填项', en: '{field} is required' },
  import_choice: { 'zh-CN': '「{field}」只能填写：{choices}', en: '{field} must be one of: {choices}' },
  import_not_found: { 'zh-CN': '在您的管辖范围内找不到「{value}」', en: 'No "{value}" in your area' },
  import_ambiguous: { 'zh-CN': '「{value}」不唯一，请填写编码或全称', en: '"{value}" is not unique; give its code or full name' },
  import_too_long: { 'zh-CN': '「{field}」过长', en: '{field} is too long' },
  import_duplicate_in_file: { 'zh-CN': '与文件第 {row} 行的身份证号码重复', en: 'The same ID number as row {row} of the file' },
  report_unit_no_grid: { 'zh-CN': '单位报到不分配网格和党支部', en: 'A unit report takes no grid or branch' },
  validation: { 'zh-CN': '字段 {field} 无效：{detail}', en: 'Field {field} is invalid: {detail}' },
  invalid_credentials: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: { 'zh-CN': '账号已锁定，请 {minutes} 分钟后再试', en: 'Account locked, try again in {minutes} minutes' },
  account_disabled: { 'zh-CN': '账号已停用', en: 'This account is disabled' },
  totp_required: { 'zh-CN': '请输入动态验证码', en: 'Enter your one-time code' },
  totp_invalid: { 'zh-CN': '动态验证码错误', en: 'Wrong one-time code' },
  totp_not_setup: { 'zh-CN': '尚未生成动态验证码密钥', en: 'Set up the authenticator first' },
  password_wrong: { 'zh-CN': '原密码错误', en: 'The current password is wrong' },
  password_too_short: { 'zh-CN': '密码至少 {min} 位', en: 'The password needs at least {min} characters' },
  password_too_long: { 'zh-CN': '密码过长', en: 'The password is too long' },
  password_too_few_classes: {
    'zh-CN': '密码须包含大写字母、小写字母、数字、符号中的至少 {classes} 类',
    en: 'The password needs at least {classes} of: upper case, lower case, digits, symbols',
  },
  username_taken: { 'zh-CN': '用户名已存在', en: 'This username is taken' },
  phone_invalid: { 'zh-CN': '手机号码格式不正确', en: 'Not a valid mobile number' },
  id_number_invalid: { 'zh-CN': '身份证号码无效（{reason}）', en: 'Not a valid ID number ({reason})' },
  role_region_level: { 'zh-CN': '角色 {role} 不能授予在该层级', en: 'Role {role} cannot be granted at this level' },
  grant_exists: { 'zh-CN': '该授权已存在', en: 'This grant exists already' },
  region_parent_level: { 'zh-CN': '上级区域层级不匹配', en: 'The parent region has the wrong level' },
  region_code_taken: { 'zh-CN': '区域编码已存在', en: 'This region code exists already' },
  region_has_children: { 'zh-CN': '该区域下仍有下级区域', en: 'This region still has children' },
  geometry_invalid: { 'zh-CN': '边界数据无效：{detail}', en: 'Invalid geometry: {detail}' },
  import_invalid: { 'zh-CN': '导入文件有误：{detail}', en: 'The import file has errors: {detail}' },
  idempotency_mismatch: { 'zh-CN': '幂等键已用于不同的请求', en: 'This idempotency key was used for another request' },
  calendar_not_covered: { 'zh-CN': '日历数据未覆盖该年份：{detail}', en: 'The calendar does not cover that year: {detail}' },
  too_many_requests: { 'zh-CN': '请求过于频繁', en: 'Too many requests' },
  bad_request: { 'zh-CN': '请求格式有误', en: 'The request is malformed' },
  unsupported_media_type: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  payload_too_large: { 'zh-CN': '请求内容过大', en: 'The request is too large' },
  internal: { 'zh-CN': '服务器内部错误，请稍后再试', en: 'Internal error, please try again later' },
  // Micro-wishes (modules/wishes)
  wish_state: { 'zh-CN': '该心愿当前状态（{status}）不能进行此操作', en: 'Not possible while the wish is {status}' },
  wish_region_level: { 'zh-CN': '请选择心愿对象所在的社区或网格', en: 'Choose the community or grid the wish is for' },
  wish_deadline_past: { 'zh-CN': '截止日期须晚于今天', en: 'The deadline must be later than now' },
  wish_deadline_far: { 'zh-CN': '截止日期不能超过一年', en: 'The deadline must be within a year' },
  wish_own: { 'zh-CN': '不能认领自己发布或为自己许下的心愿', en: 'You cannot claim a wish you posted or that is for you' },
  wish_public_text_required: { 'zh-CN': '未成年人或困难家庭的心愿须先由社区填写公开标题和内容', en: 'A minor’s or a hardship family’s wish needs the community’s public title and story first' },
  // ---- activities (modules/activities) ----
  activity_not_open: { 'zh-CN': '活动当前不可进行此操作（{status}）', en: 'The activity does not allow this now ({status})' },
  activity_already_signed_up: { 'zh-CN': '您已报名此活动', en: 'You have signed up for this activity already' },
  activity_checked_in: { 'zh-CN': '已签到，不能取消报名', en: 'You have checked in; the sign-up cannot be cancelled' },
  activity_not_signed_up: { 'zh-CN': '您没有此活动的名额（未报名或在候补中）', en: 'You have no place in this activity (not signed up, or waiting)' },
  activity_wrong_status: { 'zh-CN': '活动当前状态（{status}）不能进行此操作', en: 'Not allowed while the activity is {status}' },
  activity_not_reviewable: { 'zh-CN': '活动结束后才能审核', en: 'Review the attendance after the activity has ended' },
  activity_review_final: { 'zh-CN': '已审核通过，不能改为缺席', en: 'Approved already; cannot be changed to absent' },
  activity_not_participant: { 'zh-CN': '该用户未获得此活动名额', en: 'This user has no place in the activity' },
  activity_organiser_unknown: { 'zh-CN': '主办方不存在或不在本区域', en: 'The organiser does not exist or is not in this area' },
  activity_team_member_not_local: { 'zh-CN': '队员须为本区域的党员或居民', en: 'A team member must be a member or resident living in the team area' },
  checkin_token_invalid: { 'zh-CN': '签到码无效', en: 'This check-in code is not valid' },
  checkin_token_expired: { 'zh-CN': '签到码已过期，请扫描现场最新的二维码', en: 'The code has expired; scan the one on the screen now' },
  checkin_replayed: { 'zh-CN': '您已完成此次扫码，无需重复', en: 'You have scanned for this already' },
  checkout_before_checkin: { 'zh-CN': '请先签到再签退', en: 'Check in before checking out' },
  checkin_outside_geofence: { 'zh-CN': '您距活动地点{distanceM}米，超出签到范围（{geofenceM}米）', en: 'You are {distanceM} m from the venue, beyond the {geofenceM} m allowed' },
  position_required: { 'zh-CN': '此活动签到需要您的位置', en: 'This activity needs your position to check in' },
  // ---- end of activities ----
  // points store 积分超市 (modules/store)
  store_merchant_missing: { 'zh-CN': '请先填写商户信息', en: 'Create your merchant profile first' },
  store_merchant_changed: { 'zh-CN': '商户信息已被更新，请刷新后重试', en: 'The profile changed meanwhile; reload and try again' },
  store_merchant_not_approved: { 'zh-CN': '商户尚未审核通过或已被暂停', en: 'The merchant is not approved or is suspended' },
  store_region_not_granted: { 'zh-CN': '您在该区域没有商户身份', en: 'You are not a merchant in this region' },
  store_region_outside: { 'zh-CN': '供应区域须在商户所在区域之内', en: 'Offer it only within the merchant’s own area' },
  store_stock_required: { 'zh-CN': '商品和优惠须填写库存（服务可不限）', en: 'Goods and discounts need a stock (services may be unlimited)' },
  store_item_unavailable: { 'zh-CN': '该商品已下架', en: 'This item is not on offer' },
  store_out_of_stock: { 'zh-CN': '该商品已兑完', en: 'This item is sold out' },
  store_limit_reached: { 'zh-CN': '已达到每人限兑数量（{limit}）', en: 'You have reached the limit per resident ({limit})' },
  store_code_invalid: { 'zh-CN': '兑换码格式不正确', en: 'Not a valid redemption code' },
  store_redemption_honoured: { 'zh-CN': '该兑换码已核销', en: 'This code was honoured already' },
  store_redemption_cancelled: { 'zh-CN': '该兑换已取消', en: 'This redemption was cancelled' },
  store_redemption_expired: { 'zh-CN': '该兑换码已过期', en: 'This code has expired' },
  idempotency_key_reused: { 'zh-CN': '该幂等键已用于另一项请求', en: 'This idempotency key was used for another request' },
  idempotency_key_mismatch: { 'zh-CN': '请求头与请求体中的幂等键不一致', en: 'The Idempotency-Key header and the body key differ' },
  // ---- end of the points store ----
};

/** Picks the best language from an Accept-Language header (zh-CN unless English is preferred). */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'zh-CN';
  // The first language we speak, by the caller's q-weights (ties keep the caller's order).
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((x) => x.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { tag: tag ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** Names of things, for messages like "{what} not found". */
const nouns: Catalog = {
  region: { 'zh-CN': '区域', en: 'Region' },
  user: { 'zh-CN': '用户', en: 'User' },
  grant: { 'zh-CN': '授权', en: 'Grant' },
  unit: { 'zh-CN': '单位', en: 'Unit' },
  org: { 'zh-CN': '党组织', en: 'Party organisation' },
  subject: { 'zh-CN': '对象', en: 'Item' },
  department: { 'zh-CN': '部门', en: 'Department' },
  appeal: { 'zh-CN': '工单', en: 'Case' },
  category: { 'zh-CN': '分类', en: 'Category' },
  file: { 'zh-CN': '文件', en: 'File' },
  route: { 'zh-CN': '接口', en: 'Route' },
  'calendar override': { 'zh-CN': '日历调整', en: 'Calendar override' },
  member: { 'zh-CN': '党员', en: 'Member' },
  visit: { 'zh-CN': '走访记录', en: 'Visit' },
  service_category: { 'zh-CN': '服务类别', en: 'Service category' },
  service_item: { 'zh-CN': '服务项目', en: 'Service item' },
  household: { 'zh-CN': '户', en: 'Household' },
  report: { 'zh-CN': '报到', en: 'Report' },
  pb_cycle: { 'zh-CN': '微实事周期', en: 'Micro-project cycle' },
  pb_project: { 'zh-CN': '微实事项目', en: 'Micro-project' },
  pb_comment: { 'zh-CN': '评论', en: 'Comment' },
  pb_objection: { 'zh-CN': '异议', en: 'Objection' },
  wish: { 'zh-CN': '心愿', en: 'Wish' },
  activity: { 'zh-CN': '活动', en: 'Activity' },
  activity_signup: { 'zh-CN': '报名', en: 'Sign-up' },
  volunteer_team_member: { 'zh-CN': '队员', en: 'Team member' },
  store_merchant: { 'zh-CN': '商户', en: 'Merchant' },
  store_item: { 'zh-CN': '商品', en: 'Item' },
  store_redemption: { 'zh-CN': '兑换记录', en: 'Redemption' },
};

export function translate(code: string, lang: Lang, params: Record<string, unknown> = {}): string {
  const entry = messages[code];
  const template = entry ? entry[lang] : code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) return '';
    if (k === 'what') return nouns[String(v)]?.[lang] ?? String(v);
    return String(v);
  });
}
