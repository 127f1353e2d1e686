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
  pb_cycle: { 'zh-CN': '微实事周期', en: 'Micro-project cycle' },
  pb_project: { 'zh-CN': '微实事项目', en: 'Micro-project' },
  pb_comment: { 'zh-CN': '评论', en: 'Comment' },
  pb_objection: { 'zh-CN': '异议', en: 'Objection' },
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
