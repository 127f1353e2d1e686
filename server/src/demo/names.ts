/** Name parts for generated (fictional) demo places and units. */

/** Two-character place-name parts for streets, communities and compounds. */
export const PLACE_PARTS: readonly string[] = [
  '东湖', '椰海', '滨江', '和平', '振兴', '金盘', '新华', '博文', '文明', '长堤',
  '万绿', '白沙', '海达', '新港', '福安', '南渡', '丽晶', '椰林', '凤鸣', '龙昆',
  '红城', '碧海', '蓝湾', '朝阳', '兴丹', '五源', '美舍', '琼华', '滨湖', '海景',
  '椰城', '青年', '友谊', '团结', '幸福', '安康', '永昌', '盛达', '瑞园', '丰泽',
  '金鼎', '云海', '翠竹', '沿江', '海联', '万福', '宝岛', '南沙', '五指', '椰风',
  '海韵', '金沙', '银滩', '绿园', '春晓', '嘉禾', '富民', '鸿运', '新民', '港湾',
  '灵秀', '松涛', '南洋', '环海', '琼林', '星光', '锦绣', '清澜', '红树', '凤凰',
  '龙湾', '海岸', '椰岛', '金海', '玉带', '明珠', '华侨', '建设', '解放', '东升',
  '新城', '滨河', '文华', '德胜', '崇文', '观澜', '兴隆', '海滨', '阳光', '康乐',
];

/** Direction/quality modifiers that multiply the place parts. */
export const PLACE_MODIFIERS: readonly string[] = ['', '', '', '东', '西', '南', '北', '新'];

/** Characters for village names (first and second syllable). */
export const VILLAGE_FIRST: readonly string[] = [
  '仁', '潭', '美', '福', '云', '石', '岭', '昌', '文', '道', '儒', '坡', '博', '林', '那',
  '谭', '大', '上', '下', '山', '田', '水', '湖', '塘', '洋', '荣', '永', '新', '益', '旧',
];
export const VILLAGE_SECOND: readonly string[] = [
  '口', '头', '尾', '墩', '山', '坡', '村', '里', '塘', '园', '桥', '湾', '岭', '溪', '田',
  '洋', '昌', '丰', '兴', '安', '和', '美', '群', '光', '良',
];

export const COMPOUND_SUFFIXES: readonly string[] = ['花园', '小区', '家园', '新村', '公寓', '雅苑', '名城', '佳园', '华庭', '嘉园'];

export const INDUSTRIES: readonly string[] = [
  '贸易', '科技', '物流', '餐饮管理', '文化传媒', '旅游开发', '建筑工程', '电子商务', '酒店管理', '医药',
  '咨询服务', '免税品经营', '信息技术', '会展服务', '金融服务', '教育科技', '健康管理', '食品', '广告', '软件',
];

export const BRANDS: readonly string[] = [
  '椰风', '琼海', '南国', '天涯', '海岛', '热带', '蓝海', '金椰', '鹿城', '椰韵',
  '海航', '银河', '星海', '恒信', '华信', '中环', '新海', '海贸', '宏达', '瑞丰',
  '德信', '嘉华', '盛世', '博远', '同心', '远航', '海之蓝', '丝路', '椰语', '琼州',
];

export const AGENCY_KINDS: readonly string[] = ['派出所', '税务所', '市场监督管理所', '司法所', '供电所', '消防救援站'];

export const SOCIAL_ORG_KINDS: readonly string[] = ['志愿者协会', '老年人协会', '文体协会', '社会工作服务中心', '慈善服务队', '妇女儿童之家'];

export const SCHOOL_KINDS: readonly string[] = ['小学', '幼儿园', '中学'];
