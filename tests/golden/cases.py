"""Golden routing cases: realistic petitions and where a dispatcher expects them to go.

Each case is (text, compound code, expected unit, expected property co-handler or None),
decided by the shipped taxonomy, routing rules, catalogue and city model. The seeds' own
stories are in :data:`SEEDS`; :data:`CITY` holds the rest, across every department.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    text: str
    compound: str
    unit: str
    co_handler: str | None = None


CG1, CG3, CG5 = "zd.cz.cg.c01", "zd.cz.cg.c03", "zd.cz.cg.c05"  # 春光山色 (悦港, 华章, 绿禾)
XH1, XH2 = "zd.cz.xh.c01", "zd.cz.xh.c02"  # 新华社区: open dormitory, 齐鲁物业
CN1, CN2 = "zd.cz.cn.c01", "zd.cz.cn.c02"  # 城南: 东华园 (齐鲁), 铁路小区 (open)
HJ1 = "zd.ky.hjy.c01"  # 黄金国际小区 (华章)
QY1 = "zd.ms.qy.c01"  # 齐悦国际花园 (绿禾)
HC1 = "zd.fz.hc.c01"  # 宏程国际小区 (城鑫), 房镇镇
LQ2 = "zc.sl.lq.c02"  # 纺织厂宿舍 (open)

SEEDS: tuple[Case, ...] = (
    Case("祥瑞街宏程国际广场南150米左右，有人乱扔橘子皮，请派人清扫。", HC1, "dept:sanitation"),
    Case(
        "昨晚大雨导致院内一棵老树折断，树干砸坏了居民的平房屋顶，墙体都震裂了，居民情绪激动。",
        CN2,
        "community:zd.cz.cn",
    ),
    Case(
        "春光山色一期一个单元92户，电梯到期需要更换，有的想换商务梯，有的不想换，请社区组织协商。",
        CG1,
        "community:zd.cz.cg",
        "property:yuegang",
    ),
    Case(
        "家中老人失能，无法到现场采集信息，“关心老年人”就餐问题得不到解决。",
        CG3,
        "community:zd.cz.cg",
    ),
    Case(
        "我是纺织企业退休职工，入职培训期待业的工龄退休时没有认定，一百多名同事都是这个问题。",
        LQ2,
        "dept:human_resources",
    ),
    Case(
        "小区的绿化缺了一大片，好几处还被人占绿种地，请恢复绿植。",
        CG5,
        "community:zd.cz.cg",
        "property:lvhe",
    ),
    Case("小区里卫生死角没人打扫，楼道口堆着垃圾。", CG5, "community:zd.cz.cg", "property:lvhe"),
    Case(
        "小区儿童乐园的场地破损，设施都坏了，孩子没法玩。",
        CG5,
        "community:zd.cz.cg",
        "property:lvhe",
    ),
    Case(
        "我家房屋漏水，物业说是外墙防水的问题一直不修。", CG5, "community:zd.cz.cg", "property:lvhe"
    ),
    Case("小区电动车太多，建议物业加装充电棚。", CG5, "community:zd.cz.cg", "property:lvhe"),
    Case(
        "楼上孩子天天跑跳，楼下住户半夜弹钢琴报复，两家在微信群里吵起来了。",
        QY1,
        "compound:zd.ms.qy.c01",
    ),
    Case(
        "有住户占了小区公共绿地当菜园，把草坪都挖了。", CN1, "community:zd.cz.cn", "property:qilu"
    ),
    Case("院子里杂草丛生，垃圾堆泥泞不堪，能不能改成停车场。", CN2, "community:zd.cz.cn"),
    Case("路边停着好几辆僵尸车，占了车位好几个月了。", HJ1, "dept:traffic_police"),
    Case("老旧小区二次供水改造以后，水压还是不稳，高层经常没水。", XH2, "dept:water"),
    Case(
        "老楼加装电梯，一楼住户不同意，说挡光还有噪音，请社区协调。",
        HJ1,
        "community:zd.ky.hjy",
        "property:huazhang",
    ),
    Case("长者食堂排队的老人太多，饭菜不够吃，希望增加供应。", XH1, "community:zd.cz.xh"),
)

CITY: tuple[Case, ...] = (
    # 人社局: wages, social insurance, contracts
    Case("我在工地干活，老板拖欠工资三个月，一分钱都没给。", HJ1, "dept:human_resources"),
    Case("公司两个月没发工资了，老板说资金紧张。", CG1, "dept:human_resources"),
    Case("单位一直不给交社保，入职一年了还没交。", QY1, "dept:human_resources"),
    Case("公司辞退我没给经济补偿，也没签劳动合同。", HC1, "dept:human_resources"),
    Case("包工头跑了，我们十几个农民工的工钱没结。", LQ2, "dept:human_resources"),
    # 城管局: vending, illegal building, fumes, ads, night work, muck trucks
    Case("学校门口放学时流动摊贩占道经营，孩子们只能走马路。", HJ1, "dept:urban_management"),
    Case("楼顶有人用彩钢板违章搭建了一间房。", CG3, "dept:urban_management"),
    Case("楼下烧烤店油烟直排，熏得楼上没法开窗。", QY1, "dept:urban_management"),
    Case("工地晚上十二点还在打桩，吵得睡不着。", HC1, "dept:urban_management"),
    Case("渣土车不苫盖，一路撒漏泥土。", CN1, "dept:urban_management"),
    Case("电线杆上贴满了小广告，刚清理又贴上了。", XH2, "dept:urban_management"),
    Case("马路上的井盖丢了，留下一个大洞。", HJ1, "dept:urban_management"),
    # 市场监管局
    Case("超市卖过期的牛奶，找他们退换不承认。", CG1, "dept:market_regulation"),
    Case("菜市场的秤缺斤少两，一斤肉少了二两。", XH2, "dept:market_regulation"),
    Case("健身房收了年卡费用就跑路了，预付卡退不了。", QY1, "dept:market_regulation"),
    Case("饭店后厨用地沟油，吃完拉肚子。", HC1, "dept:market_regulation"),
    # 生态环境局
    Case("附近化工厂晚上偷排废气，味道刺鼻。", LQ2, "dept:eco_environment"),
    Case("上游的厂子往河里排污，河水又黑又臭。", HC1, "dept:eco_environment"),
    Case("工业园区的企业机器噪声二十四小时不停。", HJ1, "dept:eco_environment"),
    Case("石料厂粉尘污染严重，家里全是灰。", LQ2, "dept:eco_environment"),
    # 住建局: building sites, roads
    Case("工地脚手架没有安全网，工人高空作业不系安全带。", HC1, "dept:housing"),
    Case("共青团路路面塌陷出现一个大坑，电动车摔了好几辆。", CG1, "dept:housing"),
    # 教育局, 卫健委
    Case("孩子按学区应该上实验小学，却被分到很远的学校。", HJ1, "dept:education"),
    Case("幼儿园乱收兴趣班费用，不交就不让孩子参加活动。", CG3, "dept:education"),
    Case("社区医院打疫苗一直约不上，快过接种时间了。", QY1, "dept:health"),
    Case("医院挂号太难，专家号一放出来就没了，怀疑号贩子。", XH2, "dept:health"),
    # 民政局
    Case("我母亲九十岁，高龄补贴三个月没发了。", XH1, "dept:civil_affairs"),
    Case("低保年审材料交了三个月还没批下来。", CN2, "dept:civil_affairs"),
    Case("想给父亲申请公办养老院，排队一年多了。", CG1, "dept:civil_affairs"),
    # 派出所
    Case("小区里好几户的电动车电瓶被偷了。", HJ1, "dept:police"),
    Case("我母亲接到冒充公检法的电话被骗了三万块。", CG3, "dept:police"),
    Case("烧烤摊有人喝醉打架，还砸了桌子。", QY1, "dept:police"),
    Case("楼下棋牌室聚众赌博，半夜还人来人往。", XH2, "dept:police"),
    # 交警大队, 交通运输局
    Case("人民路和柳泉路路口的红绿灯坏了，车辆乱成一团。", CG1, "dept:traffic_police"),
    Case("学校门口接孩子的车乱停，把路堵死了，交通安全隐患很大。", HJ1, "dept:traffic_police"),
    Case("35路公交车班次太少，等了四十分钟。", QY1, "dept:transport"),
    Case("出租车在火车站拒载，还不打表。", HC1, "dept:transport"),
    # 供水, 供电, 供热, 燃气
    Case("我们楼从昨天晚上停水，到现在也没来水。", CG3, "dept:water"),
    Case("整个小区突然停电了，电梯都停了。", HJ1, "dept:power"),
    Case("家里暖气一直不热，室温才十五度。", XH2, "dept:heating"),
    Case("楼道里闻到很浓的燃气味，可能漏气了。", CG1, "dept:gas"),
    Case("咨询一下，明天我们小区停电，到几点能来电？", QY1, "dept:power"),
    # 环卫处 (public space), 园林局
    Case("马路边的大件垃圾扔了一个星期没人拉走。", HC1, "dept:sanitation"),
    Case("广场上到处是烟头和饮料瓶，晚上特别脏。", QY1, "dept:sanitation"),
    Case("菜市场旁边的公厕没人打扫，臭气熏天。", XH2, "dept:sanitation"),
    Case("道路两边的行道树好多都枯死了，希望补种。", HJ1, "dept:landscaping"),
    Case("杨树飞絮太严重了，能不能处理一下。", CG1, "dept:landscaping"),
    Case("大风把路边一棵大树刮倒了，横在路中间。", HC1, "dept:landscaping"),
    # 应急管理局
    Case("沿街饭店门口放了好几个液化气罐，还在门口生炉子。", HC1, "dept:emergency"),
    Case("小作坊违规储存易燃易爆的油漆稀料，周边都是住户。", LQ2, "dept:emergency"),
    # community with the property company (物业)
    Case("单元电梯隔三差五就停运，物业说在等配件。", CG1, "community:zd.cz.cg", "property:yuegang"),
    Case("小区里的路灯不亮了，晚上回家黑乎乎的。", CG3, "community:zd.cz.cg", "property:huazhang"),
    Case("物业费年年涨，收支从来不公示。", HJ1, "community:zd.ky.hjy", "property:huazhang"),
    Case("地下车库的车位被物业租给外面的人。", QY1, "community:zd.ms.qy", "property:lvhe"),
    Case(
        "楼道里有人私拉电线给电动车充电，很容易起火。",
        CG1,
        "community:zd.cz.cg",
        "property:yuegang",
    ),
    Case(
        "我们楼道里堆满了杂物和废纸箱，保洁一直不清理。",
        HC1,
        "community:zd.fz.hc",
        "property:chengxin",
    ),
    Case(
        "小区里的大树树枝伸到我家窗户上，刮风时敲玻璃。", XH2, "community:zd.cz.xh", "property:qilu"
    ),
    Case("楼道灯坏了半个月，没有物业，社区也没人管。", XH1, "community:zd.cz.xh"),
    # the community's own matters on the ladder
    Case("邻居在楼道里堆放鞋柜杂物，说了还骂人。", CG3, "compound:zd.cz.cg.c03"),
    Case("房东不退押金，说墙面弄脏了要扣钱。", HJ1, "compound:zd.ky.hjy.c01"),
    Case("对门邻居养狗天天叫，半夜也叫，说了多次就是不管。", QY1, "compound:zd.ms.qy.c01"),
    Case("父亲去世后兄弟姐妹因为房产继承闹得很僵，想请调解员帮忙。", CG1, "street:zd.cz"),
    Case("我是刚退休的老党员，组织关系想转到居住地社区。", XH2, "community:zd.cz.xh"),
    Case("建议社区多组织一些文化活动，丰富老年人的生活。", CN1, "compound:zd.cz.cn.c01"),
    Case("这是历史遗留问题，反映了十几年一直没解决。", CG5, "street:zd.cz"),
    Case("家里老伴瘫痪在床，想申请居家养老上门服务。", CN1, "community:zd.cz.cn"),
    # major risks: the district
    Case("旁边工地的塔吊摇晃得很厉害，随时可能倒塌。", HJ1, "district:zd"),
)
