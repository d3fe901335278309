"""Phrasings for the synthetic report generator (`planwatch.synth`), kept as data.

Template strings use half-width `,;:()` (the generator turns them full-width for some documents) and these
slots: `{a}` an alias of the indicator, `{g}` a growth rate, `{g2}` a second (力争) growth rate, `{d}` a fall
(written positive, meaning a negative growth), `{l}` a level and `{u}` its unit, `{v}` a rate or level of
a rate-like indicator, `{up}` the government above (省 / 市 ...), `{t}` and `{tw}` a restated target and its
comparator word. A figure template lists, after the string, the figures it states: `(slot, measure, op)`.
Filler sentences contain no catalog indicator name (a test checks this): they must not add figures.
"""

from __future__ import annotations

# --- invented place names -------------------------------------------------------------------------------
NAME_FIRST = ("澜禾沣岫汀晗棠屿崧泷柘芩蘅溆湄琅瑄璟翎荇芷蓼檀栎槿桤榆溱沅漪澈渼潆濂灏霁岚峤嵘崇岑峪砚璞珂瑶"
              "芊茗荻蒹葭苒菁蕙萱茈芃杉桐楠樟梓枫棣栩楸槐柏枞杞菱藜蘋苓苡薇蔚芮莘渟淞滢澧湘渚洵泠汐沄湜湲")
NAME_SECOND = "泽麓川湾汀溪渚浦塘洲原坪岗冈陂埠浔堰淇湄阳宁平安丰和兴昌盛宜嘉庆怀远山岭峰源泉滨口桥台关屯垣城"
PROVINCES = ["湖南省", "江西省", "河南省", "四川省", "安徽省", "湖北省", "山东省", "河北省", "浙江省", "福建省"]

# --- indicators ------------------------------------------------------------------------------------------
# Aliases the generator writes, per indicator and level of government (all are aliases in
# grammar/indicators.toml, so an extractor can find them).
ALIASES: dict[str, tuple[str, ...]] = {
    "gdp": ("地区生产总值", "地区生产总值", "全市生产总值", "GDP"),
    "industrial_va": ("规模以上工业增加值", "规上工业增加值", "规模以上工业增加值"),
    "fai": ("固定资产投资", "全社会固定资产投资", "固定资产投资"),
    "retail_sales": ("社会消费品零售总额", "社会消费品零售总额", "社会消费品零售额"),
    "budget_revenue": ("一般公共预算收入", "一般公共预算收入", "地方一般公共预算收入"),
    "resident_income": ("城乡居民收入", "居民收入", "城乡居民人均可支配收入"),
    "new_urban_jobs": ("城镇新增就业", "新增城镇就业", "城镇新增就业人数"),
    "unemployment_rate": ("城镇登记失业率", "城镇登记失业率", "登记失业率"),
    "surveyed_unemployment_rate": ("城镇调查失业率", "城镇调查失业率"),
    "cpi": ("居民消费价格涨幅", "居民消费价格涨幅", "CPI涨幅"),
    "grain_output": ("粮食产量", "粮食总产量", "粮食产量"),
    "energy_intensity": ("单位地区生产总值能耗", "单位GDP能耗", "万元地区生产总值能耗"),
    "rd_intensity": ("全社会研发经费投入强度", "研发经费投入强度", "R&D经费投入强度", "全社会研发投入强度"),
    "foreign_trade": ("外贸进出口总额", "进出口总额", "外贸进出口总值", "对外贸易总额"),
    "fdi": ("实际使用外资", "实际利用外资", "实际使用外资金额"),
}
# 引进…到位资金 depends on the level of government.
CAPITAL_ALIASES = {
    "city": ("引进市外到位资金", "引进国内到位资金", "国内(区外)到位资金"),
    "district": ("引进区外到位资金", "引进国内到位资金", "引进到位资金"),
    "county": ("引进国内到位资金", "引进到位资金", "国内(区外)到位资金"),
}
URBAN_ALIASES = ("城镇居民人均可支配收入", "城镇常住居民人均可支配收入")
RURAL_ALIASES = ("农村居民人均可支配收入", "农村常住居民人均可支配收入")
JOINT_INCOME = ("城乡居民人均可支配收入",)
# How a row of the annex table names each indicator, for growth rows and level rows.
TABLE_LABELS = {
    "gdp": "地区生产总值", "industrial_va": "规模以上工业增加值", "fai": "固定资产投资",
    "retail_sales": "社会消费品零售总额", "budget_revenue": "一般公共预算收入",
    "urban_income": "城镇常住居民人均可支配收入", "rural_income": "农村常住居民人均可支配收入",
    "new_urban_jobs": "城镇新增就业", "unemployment_rate": "城镇登记失业率",
    "surveyed_unemployment_rate": "城镇调查失业率", "cpi": "居民消费价格涨幅", "grain_output": "粮食产量",
    "energy_intensity": "单位地区生产总值能耗", "rd_intensity": "全社会研发经费投入强度",
    "foreign_trade": "外贸进出口总额", "fdi": "实际使用外资", "domestic_capital": "引进到位资金",
}

# Indicators whose result is an amount with a growth rate.
AMOUNTS = ("gdp", "industrial_va", "fai", "retail_sales", "budget_revenue", "foreign_trade", "fdi",
           "domestic_capital")
# Core results, stated together at the head of a review; the others are scattered through it.
CORE = ("gdp", "industrial_va", "fai", "retail_sales", "budget_revenue")
SCATTERED = ("new_urban_jobs", "unemployment_rate", "surveyed_unemployment_rate", "cpi", "grain_output",
             "energy_intensity", "rd_intensity", "foreign_trade", "fdi", "domestic_capital")

# --- targets -------------------------------------------------------------------------------------------
# Growth targets: (template, figures). The op of the first figure is the target's op.
GROWTH_TARGET = {
    "approx": [("{a}增长{g}%左右", (("g", "growth", "approx"),)),
               ("{a}同比增长{g}%左右", (("g", "growth", "approx"),)),
               ("{a}增长{g}%左右,力争更好结果", (("g", "growth", "approx"),))],
    "ge": [("{a}增长{g}%以上", (("g", "growth", "ge"),)),
           ("{a}确保增长{g}%以上", (("g", "growth", "ge"),)),
           ("{a}力争增长{g}%以上", (("g", "growth", "ge"),)),
           ("{a}增速不低于{g}%", (("g", "growth", "ge"),)),
           ("{a}增长{g}%以上,力争达到{g2}%", (("g", "growth", "ge"), ("g2", "growth", "eq")))],
    "eq": [("{a}增长{g}%", (("g", "growth", "eq"),)),
           ("{a}力争增长{g}%", (("g", "growth", "eq"),)),
           ("力争{a}增长{g}%", (("g", "growth", "eq"),))],
}
LEVEL_TARGET = {
    "ge": [("{a}{l}{u}以上", (("l", "level", "ge"),)),
           ("{a}达到{l}{u}以上", (("l", "level", "ge"),)),
           ("力争{a}{l}{u}以上", (("l", "level", "ge"),))],
    "gt": [("{a}突破{l}{u}", (("l", "level", "gt"),)),
           ("力争{a}突破{l}{u}", (("l", "level", "gt"),))],
    "eq": [("{a}达到{l}{u}", (("l", "level", "eq"),))],
}
RATE_TARGET = {  # unemployment, surveyed unemployment, R&D intensity: a level in %
    "le": [("{a}控制在{v}%以内", (("v", "level", "le"),)),
           ("{a}{v}%以内", (("v", "level", "le"),)),
           ("{a}不超过{v}%", (("v", "level", "le"),))],
    "approx": [("{a}{v}%左右", (("v", "level", "approx"),)),
               ("{a}控制在{v}%左右", (("v", "level", "approx"),))],
    "ge": [("{a}达到{v}%以上", (("v", "level", "ge"),)),
           ("{a}不低于{v}%", (("v", "level", "ge"),))],
    "eq": [("{a}达到{v}%", (("v", "level", "eq"),)),
           ("{a}提高到{v}%", (("v", "level", "eq"),))],
}
CPI_TARGET = {
    "approx": [("{a}{g}%左右", (("g", "growth", "approx"),)),
               ("{a}控制在{g}%左右", (("g", "growth", "approx"),))],
    "le": [("{a}控制在{g}%以内", (("g", "growth", "le"),)),
           ("{a}不超过{g}%", (("g", "growth", "le"),))],
}
GRAIN_TARGET = {
    "ge": [("{a}稳定在{l}{u}以上", (("l", "level", "ge"),)),
           ("{a}保持在{l}{u}以上", (("l", "level", "ge"),)),
           ("确保{a}稳定在{l}{u}以上", (("l", "level", "ge"),))],
    "eq": [("{a}稳定在{l}{u}", (("l", "level", "eq"),)),
           ("{a}达到{l}{u}", (("l", "level", "eq"),))],
}
ENERGY_TARGET = {
    "eq": [("{a}下降{d}%", (("d", "growth", "eq"),)),
           ("{a}降低{d}%", (("d", "growth", "eq"),))],
    "approx": [("{a}下降{d}%左右", (("d", "growth", "approx"),))],
}
SYNC_TARGET = ["{a}与经济增长同步", "{a}增长与经济增长基本同步", "{a}与经济增长基本保持同步",
               "{a}与经济发展同步"]
EMISSIONS_TARGET = ["完成{up}下达的节能减排目标任务", "全面完成{up}下达的节能降碳目标任务",
                    "完成{up}下达的节能减排约束性指标", "能耗双控完成{up}下达的目标任务"]
# A target year ahead of the plan year (到2025年 ...), stated among the tasks.
AHEAD_TARGET = ["到{y}年,{a}达到{v}%", "力争到{y}年,{a}提高到{v}%"]

# --- results -------------------------------------------------------------------------------------------
AMOUNT_RESULT = [  # an amount and its growth
    ("{a}完成{l}{u},增长{g}%", (("l", "level", "eq"), ("g", "growth", "eq"))),
    ("{a}完成{l}{u},同比增长{g}%", (("l", "level", "eq"), ("g", "growth", "eq"))),
    ("实现{a}{l}{u},增长{g}%", (("l", "level", "eq"), ("g", "growth", "eq"))),
    ("{a}达到{l}{u},比上年增长{g}%", (("l", "level", "eq"), ("g", "growth", "eq"))),
    ("{a}{l}{u},增长{g}%", (("l", "level", "eq"), ("g", "growth", "eq"))),
]
AMOUNT_FALL = [
    ("{a}完成{l}{u},下降{d}%", (("l", "level", "eq"), ("d", "growth", "eq"))),
    ("{a}{l}{u},同比下降{d}%", (("l", "level", "eq"), ("d", "growth", "eq"))),
]
GROWTH_RESULT = [
    ("{a}增长{g}%", (("g", "growth", "eq"),)),
    ("{a}同比增长{g}%", (("g", "growth", "eq"),)),
    ("{a}比上年增长{g}%", (("g", "growth", "eq"),)),
]
GROWTH_FALL = [("{a}下降{d}%", (("d", "growth", "eq"),)), ("{a}同比下降{d}%", (("d", "growth", "eq"),))]
ESTIMATE_RESULT = [
    ("预计全年{a}达到{l}{u},增长{g}%左右", (("l", "level", "eq"), ("g", "growth", "approx"))),
    ("预计{a}完成{l}{u},增长{g}%", (("l", "level", "eq"), ("g", "growth", "eq"))),
    ("预计{a}增长{g}%左右", (("g", "growth", "approx"),)),
    ("预计{a}增长{g}%", (("g", "growth", "eq"),)),
]
PAIR_RESULT = "{a1}、{a2}分别增长{g1}%、{g2}%"  # two growth results in one 分别 clause
INCOME_JOINT = [  # 分别: urban level, rural level, urban growth, rural growth
    "{a}分别达到{lu}元、{lr}元,分别增长{gu}%、{gr}%",
    "{a}分别达到{lu}元和{lr}元,分别增长{gu}%和{gr}%",
    "{a}分别完成{lu}元、{lr}元,分别增长{gu}%、{gr}%",
]
INCOME_GROWTH_ONLY = ["{a}分别增长{gu}%、{gr}%", "{a}分别增长{gu}%和{gr}%"]
INCOME_SEPARATE = "{au}{lu}元,增长{gu}%;{ar}{lr}元,增长{gr}%"
JOBS_RESULT = [("{a}{l}{u}", (("l", "level", "eq"),)), ("全年{a}{l}{u}", (("l", "level", "eq"),)),
               ("{a}达到{l}{u}", (("l", "level", "eq"),))]
RATE_RESULT = [("{a}{v}%", (("v", "level", "eq"),)), ("{a}为{v}%", (("v", "level", "eq"),))]
RD_RESULT = [("{a}达到{v}%", (("v", "level", "eq"),)), ("{a}提高到{v}%", (("v", "level", "eq"),)),
             ("预计{a}达到{v}%", (("v", "level", "eq"),))]
CPI_RESULT = [("居民消费价格上涨{g}%", (("g", "growth", "eq"),)), ("{a}{g}%", (("g", "growth", "eq"),))]
GRAIN_RESULT = [("{a}{l}{u}", (("l", "level", "eq"),)), ("{a}达到{l}{u}", (("l", "level", "eq"),)),
                ("{a}达到{l}{u},增长{g}%", (("l", "level", "eq"), ("g", "growth", "eq")))]
ENERGY_RESULT = [("{a}下降{d}%", (("d", "growth", "eq"),)), ("预计{a}下降{d}%", (("d", "growth", "eq"),)),
                 ("{a}同比下降{d}%", (("d", "growth", "eq"),))]
# A missed target, restated after its result.
RESTATED = [",与年初确定的{t}%{tw}的目标仍有差距", ",低于年初确定的{t}%{tw}的预期目标",
            ",未完成年初确定的{t}%{tw}的目标"]
TARGET_WORDS = {"approx": "左右", "ge": "以上", "eq": ""}

# --- document frames ------------------------------------------------------------------------------------
PRONOUN = {"city": "市", "district": "区", "county": "县"}
PLAN_BODY = {"city": "{r}发展和改革委员会", "district": "{r}发展和改革局", "county": "{r}发展和改革局"}
TITLE_PLAN_EXECUTION = [
    "关于{r}{p}年国民经济和社会发展计划执行情况与{y}年国民经济和社会发展计划草案的报告",
    "{r}{p}年国民经济和社会发展计划执行情况与{y}年国民经济和社会发展计划草案的报告",
    "关于{r}{p}年国民经济和社会发展计划执行情况及{y}年计划草案的报告",
]
TITLE_WORK_REPORT = ["政府工作报告", "{r}政府工作报告", "{y}年{r}人民政府工作报告"]
TITLE_PLAN_NOTICE = ["{r}人民政府关于下达{y}年国民经济和社会发展计划的通知",
                     "{r}人民政府关于印发{r}{y}年国民经济和社会发展计划的通知"]
SESSION_LINE = "——{y}年{m}月{d}日在{r}第{k}届人民代表大会第{j}次会议上"
OPENING_PLAN = [
    "受{r}人民政府委托,现就{p}年计划执行情况和{y}年计划草案向大会作报告,请予审查,并请政协委员和列席会议的同志提出意见。",
    "受{w}人民政府委托,向大会报告{p}年国民经济和社会发展计划执行情况与{y}年计划草案,请各位代表审查。",
]
OPENING_WORK = [
    "受{w}人民政府委托,我向大会作政府工作报告,请各位代表审议,也请政协委员和列席会议的同志提出意见。",
    "我代表{w}人民政府,向大会作工作报告,请予审议,并请各位政协委员提出意见。",
]
OPENING_NOTICE = [
    "《{r}{y}年国民经济和社会发展计划》已经{r}第{k}届人民代表大会第{j}次会议审查批准,现印发给你们,请结合实际认真组织实施。",
    "{r}{y}年国民经济和社会发展计划已经{w}人民代表大会审议通过,现予下达,请认真贯彻执行。",
]
ADDRESSEES = {"city": "各区县人民政府,市直各有关部门:", "district": "各街道办事处、镇人民政府,区直各有关部门:",
              "county": "各乡镇人民政府,县直各有关部门:"}
HEAD_REVIEW = {
    "plan_execution": ["一、{p}年国民经济和社会发展计划执行情况", "一、{p}年计划执行情况"],
    "work_report": ["一、{p}年工作回顾", "一、过去一年的工作回顾"],
}
HEAD_TARGETS = {
    "plan_execution": ["二、{y}年经济社会发展的主要预期目标", "二、{y}年国民经济和社会发展的总体要求和主要目标"],
    "work_report": ["二、{y}年工作安排", "二、{y}年主要目标和重点工作"],
    "plan_notice": ["一、主要预期目标", "一、{y}年经济社会发展主要预期目标"],
}
HEAD_TASKS = {
    "plan_execution": ["三、{y}年国民经济和社会发展的主要任务", "三、{y}年重点工作"],
    "work_report": [],
    "plan_notice": ["二、主要任务", "二、重点工作"],
}
LEAD_TARGETS = [
    "综合考虑发展基础和各方面因素,建议{y}年{q}经济社会发展的主要预期目标为:",
    "{y}年{q}发展的主要预期目标安排如下:",
    "统筹需要与可能,{y}年主要预期目标是:",
]
LEAD_RESULTS = ["主要指标完成情况如下:", "从主要指标看:", "全年经济运行总体平稳:", ""]
REVIEW_INTRO = [
    "过去一年,面对复杂多变的外部环境和较大的下行压力,{q}上下坚持稳中求进工作总基调,统筹发展和安全,年度计划总体执行良好,经济运行保持恢复向好态势。",
    "这一年,{q}认真落实上级决策部署,着力稳增长、调结构、惠民生、防风险,经济社会发展取得新的成效。",
    "一年来,在{w}委的坚强领导下,{q}上下迎难而上、真抓实干,主要目标任务总体完成,社会大局和谐稳定。",
]
PROBLEMS = [
    "在肯定成绩的同时,我们也清醒地看到,经济运行中仍然存在一些困难和问题:有效需求不足,消费恢复偏慢;产业结构偏重,新动能培育还需加力;财政收支矛盾较为突出;民生领域还有不少短板。对此,我们将采取有力措施加以解决。",
    "同时也要看到,发展不平衡不充分的问题依然存在,部分企业生产经营困难,民间投资意愿不强,科技创新支撑能力不足,公共服务与群众期盼还有差距。",
]
CLOSING = [
    "各位代表,做好{y}年工作,任务艰巨、责任重大。我们将在{w}委的坚强领导下,自觉接受人大监督,认真听取政协意见,扎实做好各项工作,努力完成全年目标任务。",
    "各位代表!新的一年催人奋进。让我们坚定信心、真抓实干,为推动{r}高质量发展不懈奋斗!",
]
GOVERNMENT_SELF = [
    "三、全面加强政府自身建设",
    "坚持依法行政,自觉接受人大及其常委会的法律监督和工作监督,主动接受政协的民主监督,高质量办理代表建议和委员提案。坚持过紧日子,严控一般性支出。持续改进作风,以实干实绩回应群众期待。",
]
FOOTER = ["上一篇:\n下一篇:\n{w}人民政府办公室 主办", "{w}人民政府办公室 主办 {w}大数据中心 承办"]
SIGNATURE = "{w}人民政府\n{y}年{m}月{d}日"
TABLE_TITLE = ["附件:{y}年经济社会发展主要预期目标安排", "附件\n{y}年{q}经济社会发展主要预期目标安排"]
TABLE_HEADER = ("指标", "{p}年目标", "{p}年完成", "{y}年目标")

# --- filler: policy prose with non-catalog figures ------------------------------------------------------
SECTION_TOPICS_REVIEW = [
    "工业生产稳步回升,产业结构持续优化", "重点项目加快推进,发展后劲不断增强", "消费市场逐步回暖,商贸流通更加活跃",
    "改革开放持续深化,发展活力不断释放", "乡村振兴扎实推进,城乡面貌持续改善", "生态环境持续向好,绿色发展成效明显",
    "民生保障有力有效,社会事业全面进步", "科技创新能力增强,发展动能加快转换", "风险防控扎实有效,社会大局和谐稳定",
]
SECTION_TOPICS_PLAN = [
    "着力壮大实体经济,加快构建现代化产业体系", "坚持创新驱动发展,增强高质量发展动能", "扩大有效需求,推动投资消费良性互动",
    "全面推进乡村振兴,促进城乡融合发展", "深化改革扩大开放,持续优化营商环境", "加强生态环境保护,推动绿色低碳发展",
    "持续保障和改善民生,增进人民福祉", "统筹发展和安全,守牢风险底线",
]
ORDINALS = "一二三四五六七八九十"
# Filler sentences. Slots: {i:LO:HI} an integer, {f:LO:HI} a number with one decimal, {r:LO:HI} a range
# "a—b" of integers; the generator draws each slot on its own.
REVIEW_SENTENCES = [
    "全年新增规模以上工业企业{i:20:160}家,总数达到{i:300:2400}家",
    "实施工业技术改造项目{i:30:300}个,完成技改投资{f:10:260}亿元",
    "新认定高新技术企业{i:20:260}家,新增省级专精特新中小企业{i:5:80}家",
    "全年实施重点项目{i:60:600}个,完成投资{f:80:1500}亿元,其中新开工亿元以上项目{i:20:240}个",
    "争取中央预算内投资和专项债券资金{f:5:150}亿元",
    "新增建设用地供应{f:0.3:3}万亩,盘活闲置土地{i:300:6000}亩",
    "举办各类促消费活动{i:10:80}场,发放消费券{f:0.1:3}亿元",
    "新增限额以上商贸企业{i:20:260}家,新引进品牌首店{i:3:60}个",
    "签约招商项目{i:40:500}个,协议总投资{f:50:3000}亿元",
    "新建高标准农田{f:1:20}万亩,完成撂荒地复耕{f:0.2:4}万亩",
    "新增市级以上农业产业化龙头企业{i:3:40}家",
    "改造城镇老旧小区{i:8:120}个,惠及居民{f:0.3:5}万户",
    "新改建农村公路{i:20:400}公里,实施农村供水保障工程{i:5:80}处",
    "完成营造林{f:0.5:15}万亩,空气质量优良天数比例达到{f:75:96}%",
    "开展职业技能培训{f:0.3:6}万人次,发放创业担保贷款{f:0.2:8}亿元",
    "新建改扩建中小学、幼儿园{i:3:40}所,新增学位{i:800:20000}个",
    "新增养老机构床位{i:100:2500}张,建成社区嵌入式服务设施{i:5:60}处",
    "接待游客{i:200:4000}万人次,旅游总收入增长{f:3:45}%",
    "新建5G基站{i:200:3000}个,数字经济核心产业增加值增长{f:4:25}%",
    "化解矛盾纠纷{i:800:15000}件,排查整治安全隐患{f:0.5:6}万处",
    "政务服务事项网上可办率达到{f:90:99.9}%,企业开办时间压缩至{i:1:3}个工作日",
    "新增经营主体{f:0.3:4}万户,民营企业贷款余额增长{f:3:18}%",
    "建成省级以上研发平台{i:3:40}个,技术合同成交额达到{f:2:120}亿元",
    "完成重点行业超低排放改造项目{i:3:40}个,新增光伏装机{i:5:80}万千瓦",
    "城乡低保标准分别提高到每人每月{i:700:1000}元、{i:500:750}元",
]
PLAN_SENTENCES = [
    "力争全年新增规模以上工业企业{i:20:150}家以上",
    "实施工业技改项目{i:30:250}个以上,培育{r:2:6}个百亿级产业集群",
    "新认定高新技术企业{i:20:240}家以上,新增省级以上研发平台{i:3:30}个",
    "安排重点项目{i:60:600}个以上,年度计划投资{i:80:1500}亿元以上,其中新开工亿元以上项目{i:20:200}个",
    "确保一季度重点项目开工率达到{i:50:80}%以上",
    "新培育特色商业街区{i:2:8}条、夜间消费集聚区{r:1:4}个",
    "开展专题招商活动{i:10:60}场以上,签约亿元以上项目{i:20:200}个",
    "新建和改造提升高标准农田{f:1:15}万亩,粮食播种面积稳定在{i:20:800}万亩以上",
    "新增市级以上农业产业化龙头企业{i:3:30}家,打造农业产业强镇{r:1:4}个",
    "改造城镇老旧小区{i:8:100}个,新改建农村公路{i:20:300}公里,新增城市绿道{i:5:60}公里",
    "完成营造林{f:0.5:12}万亩,空气质量优良天数比例保持在{i:80:92}%以上",
    "开展职业技能培训{f:0.3:5}万人次以上,确保零就业家庭动态清零",
    "新建改扩建中小学、幼儿园{i:3:30}所,新增学位{i:800:15000}个",
    "新增养老机构床位{i:100:2000}张,新增托位{i:200:3000}个",
    "新建5G基站{i:200:2500}个,数字经济核心产业增加值增长{i:8:20}%以上",
    "引进高层次人才和急需紧缺人才{i:300:8000}人以上,新建院士专家工作站{r:1:3}家",
    "新设外商投资企业{i:3:60}家以上,新增有进出口实绩企业{i:5:80}家",
    "盘活低效工业用地{i:300:6000}亩,新建标准厂房{i:10:120}万平方米",
    "新建停车泊位{i:500:9000}个,新建改造地下管网{i:20:300}公里",
    "力争新增经营主体{f:0.3:4}万户以上,企业开办时间压缩至{i:1:2}个工作日以内",
    "城乡低保标准再提高{i:3:8}%,新建城市社区嵌入式服务设施{i:5:50}处",
]
PROSE = [
    "坚持稳中求进工作总基调,完整准确全面贯彻新发展理念,着力推动高质量发展",
    "强化要素保障,加快手续办理,推动项目早开工、早投产、早见效",
    "深化“放管服”改革,持续打造市场化、法治化、国际化营商环境",
    "坚持农业农村优先发展,统筹推进乡村发展、乡村建设和乡村治理",
    "坚持生态优先、绿色发展,深入打好蓝天、碧水、净土保卫战",
    "坚持尽力而为、量力而行,把更多财力物力投向民生领域",
    "健全项目谋划储备机制,滚动形成建成一批、开工一批、储备一批的良性循环",
    "持续开展促消费活动,培育消费新场景,推动商旅文体融合发展",
    "强化企业创新主体地位,推动创新链产业链资金链人才链深度融合",
    "统筹发展和安全,有效防范化解重点领域风险,守住不发生系统性风险的底线",
    "完善重点群体就业支持体系,促进高校毕业生等青年群体多渠道就业",
    "推进以人为本的新型城镇化,提升城市规划建设管理水平",
    "加强安全生产监管,开展重点行业领域隐患排查整治",
]
FIRST_ORDINALS = ("一是", "二是", "三是", "四是", "五是", "六是")
