/** Client-facing error messages by code, in every language the product speaks. */
export type Lang = 'zh-CN' | 'en';

type Catalog = Record<string, { 'zh-CN': string; en: string }>;

const messages: Catalog = {
  unauthenticated: { 'zh-CN': '请先登录', en: 'Please log in' },
  session_expired: { 'zh-CN': '登录已过期，请重新登录', en: 'Your session has expired, please log in again' },
  forbidden: { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  out_of_scope: { 'zh-CN': '该对象不在您的管辖范围内', en: 'This item is outside your area' },
  not_found: { 'zh-CN': '{what}不存在', en: '{what} not found' },
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
  internal: { 'zh-CN': '服务器内部错误，请稍后再试', en: 'Internal error, please try again later' },
};

/** Picks the best language from an Accept-Language header (zh-CN unless English is preferred). */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function translate(code: string, lang: Lang, params: Record<string, unknown> = {}): string {
  const entry = messages[code];
  const template = entry ? entry[lang] : code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? '' : String(params[k])));
}
