"""The input files the jobs import: a member roster, a 留痕 chat export, a 问卷星 survey.

Phones are unique per file and per run (a prefix of the job, the run number, the row), and never
collide with the demo's (which start 13, 15, 17, 18 or 19).
"""

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏方邹熊白孟秦邱江尹薛段雷龙"
GIVEN = "静丽敏燕艳娟霞芳婷雪慧玲洁琳颖欣怡晶倩佳悦雨思梦诗雅晓月萌蕾瑶璐薇可馨涵然桐伟强磊军勇杰涛明超辉鹏华飞鑫宇浩凯博俊峰斌阳晨轩睿文志建国天嘉泽"
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "长沙", "苏州"]

# Phone prefixes per job (two digits, then the run number, then the row).
PHONE_IMPORT = "16"
PHONE_ADD = "14"
PHONE_CERT = "12"
PHONE_RESTORE = "11"
PHONE_ORDER = "10"


def phone(prefix: str, run: int, i: int) -> str:
    return f"{prefix}{run % 10000:04d}{i:05d}"


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def members_csv(path: str, rng: random.Random, prefix: str, run: int, rows: int) -> list:
    """A UTF-8 roster 姓名,手机号,城市 with unique phones; returns the phones."""
    phones = [phone(prefix, run, i) for i in range(rows)]
    lines = ["姓名,手机号,城市"] + [f"{name(rng)},{p},{rng.choice(CITIES)}" for p in phones]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")
    return phones


RUN_MARK = "R@@@@"  # replaced by each run's tag (same length), so the template is made once


def chat_template(senders: list, days: list, lines: int, rng: random.Random) -> bytes:
    """A 留痕 CSV (newer layout, `消息ID,类型,发送人,时间,内容,备注,昵称,更多信息`, with BOM)
    of `lines` messages over `days`, in time order, from `senders` [(wxid, nickname)]. Every
    text carries RUN_MARK, so each run's file holds messages never imported before. About one
    message in twenty is a check-in (`#打卡 第N天`), which the import marks and gives points for."""
    per_day = lines // len(days)
    out = ["\ufeff消息ID,类型,发送人,时间,内容,备注,昵称,更多信息"]
    n = 0
    words = ["今天学到了", "收到", "谢谢老师", "明天继续", "好的", "坚持就是胜利", "作业已交", "打卡完成啦"]
    for d_index, day in enumerate(days):
        count = per_day if d_index < len(days) - 1 else lines - n
        for k in range(count):
            sec = 8 * 3600 + k * (14 * 3600) // max(count, 1)
            at = f"{day} {sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}"
            wxid, nick = senders[rng.randrange(len(senders))]
            if rng.random() < 0.05:
                text = f"#打卡 第{d_index + 1}天 {RUN_MARK}-{n}"
            else:
                text = f"{rng.choice(words)} {RUN_MARK}-{n}"
            out.append(f"{n + 1},文本,{wxid},{at},{text},,{nick},")
            n += 1
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


def chat_file(path: str, template: bytes, run: int) -> None:
    tag = f"R{run % 10000:04d}".encode()
    assert len(tag) == len(RUN_MARK)
    with open(path, "wb") as f:
        f.write(template.replace(RUN_MARK.encode(), tag))


SURVEY_HEADER = (
    "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的姓名,2、您对本期训练营的整体满意度,"
    "3、您有多大可能向朋友推荐本训练营？,4、您参加了几次直播,5、您的建议"
)
SURVEY_QUESTIONS = 4  # the name identifies the respondent; the other four are questions


def survey_csv(path: str, rng: random.Random, names: list, run: int, rows: int) -> None:
    """A 问卷星 export (UTF-8 with BOM, as the fixture wjx-utf8-bom.csv): every answer given,
    so a whole import holds rows x SURVEY_QUESTIONS answers."""
    out = ["\ufeff" + SURVEY_HEADER]
    for i in range(1, rows + 1):
        who = rng.choice(names)
        out.append(
            f"{i},2026/10/7 20:{i // 60 % 60:02d}:{i % 60:02d},{rng.randint(30, 400)}秒,微信,N/A,"
            f"1.1.{i // 250 % 250}.{i % 250},{who},{rng.randint(1, 5)},{rng.randint(0, 10)},{rng.randint(0, 5)},建议{run}-{i}"
        )
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(out) + "\r\n")


ORDER_CHANNELS = ["小红书", "xhs", "公众号", "朋友圈", "视频号", "抖音", "转介绍", "社群"]


def orders_csv(path: str, rng: random.Random, prefix: str, run: int, rows: int) -> int:
    """A 小鹅通-style order export (UTF-8): one paid order per new person, every tenth refunded
    in a second row; the first hundred buyers refer some of the rest. Returns the paid count
    (refunded ones excluded)."""
    lines = ["订单号,商品名称,用户昵称,手机号,实付金额(元),支付时间,订单状态,来源渠道,推荐人"]
    paid = 0
    for i in range(rows):
        p = phone(prefix, run, i)
        ref = phone(prefix, run, rng.randrange(100)) if i >= 100 and rng.random() < 0.2 else ""
        amount = rng.choice(("199.00", "¥299.00", "\"1,299.00\"", "99元"))
        lines.append(f"C{run:04d}-{i:06d},写作营,{name(rng)},{p},{amount},2026-03-0{1 + i % 9} 20:00:00,已支付,{rng.choice(ORDER_CHANNELS)},{ref}")
        if i % 10 == 9:
            lines.append(f"C{run:04d}-{i:06d},写作营,,{p},{amount},2026-03-10 09:00:00,已退款,,")
        else:
            paid += 1
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")
    return paid
