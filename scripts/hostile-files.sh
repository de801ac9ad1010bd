#!/usr/bin/env bash
# The hostile-file corpus at full size, each file through qunzhu-cli under /usr/bin/time -v:
# prints exit code, wall time, peak memory and the first words of the message, and whether the
# store was left byte for byte as it was. (The test suite runs the same corpus at the smallest
# sizes that cross each limit: src-tauri/core/tests/core/hostile.rs.)
#   scripts/hostile-files.sh            uses target/debug/qunzhu-cli (QUNZHU_CLI to choose another)
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${QUNZHU_CLI:-target/debug/qunzhu-cli}
[[ -x $cli ]] || { echo "build the CLI first: cargo build -p qunzhu-cli" >&2; exit 1; }
exec python3 - "$cli" <<'PY'
import hashlib, os, random, re, subprocess, sys, tempfile, time, zipfile, zlib

cli = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="qunzhu-hostile-")
data = os.path.join(work, "data")
env = dict(os.environ, LANG="zh_CN.UTF-8")
def run(*args):
    return subprocess.run([cli, "--data-dir", data, *args], env=env, capture_output=True, text=True)
assert run("members", "add", "--name", "林小雨", "--phone", "13800000001").returncode == 0
assert run("cohorts", "add", "--name", "第1期", "--start", "2026-11-01", "--end", "2026-11-21").returncode == 0

def path(name): return os.path.join(work, name)
def write(name, data_bytes):
    with open(path(name), "wb") as f: f.write(data_bytes)
    return path(name)
def write_lines(name, head, line, count):
    with open(path(name), "wb") as f:
        f.write(head)
        block = line * 10_000
        for _ in range(count // 10_000): f.write(block)
    return path(name)
def zip_with(name, part, size):
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open(part, "w", force_zip64=True) as f:
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20): f.write(chunk)
    return path(name)
def svg(name, body, size='width="100" height="100"'):
    return write(name, f'<svg xmlns="http://www.w3.org/2000/svg" {size}>{body}</svg>'.encode())

rng = random.Random(7)
utf8_broken = "姓名,城市\n".encode() + b"".join(f"学员{i},杭州\n".encode() + (b"\xc3(\n" if i == 25_000 else b"") for i in range(50_000))
whole = os.path.join(work, "whole.xlsx")
subprocess.run([cli, "--data-dir", os.path.join(work, "demo"), "demo", "load"], env=env, capture_output=True)
subprocess.run([cli, "--data-dir", os.path.join(work, "demo"), "members", "export", whole], env=env, capture_output=True)
xlsx = open(whole, "rb").read()
laughs = '<?xml version="1.0"?>\n<!DOCTYPE svg [' + "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10)) + ']>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&l9;</text></svg>'
sop = 'key = "k"\nname = "n"\n' + "".join(f'[[task]]\ntitle = "t{i}"\nanchor = "D0"\ntime = "07:30"\nrole = "助教"\nrepeat = "daily"\n' for i in range(1_000_000))
chat_line = "1,文本,wxid_zhangsan,2026-11-22 08:00:01,早上好大家今天也要加油打卡哦早上好大家今天也要加油打卡哦,,张三,\n".encode()

cases = [
    ("an empty file", ["members", "import", write("empty.csv", b"")]),
    ("100 KB of random bytes", ["members", "import", write("random.csv", bytes(rng.randrange(256) for _ in range(100 << 10)))]),
    ("a 50 MB file on one line", ["members", "import", write("one-line.csv", b"x" * (50 << 20))]),
    ("a CSV with 10,000 columns", ["members", "import", write("wide.csv", ("姓名," + ",".join(f"列{i}" for i in range(10_000)) + "\n张三\n").encode())]),
    ("a 10 MB cell", ["members", "import", write("cell.csv", "姓名,备注\n张三,".encode() + "长".encode() * ((10 << 20) // 3) + b"\n")]),
    ("invalid UTF-8 in the middle of a UTF-8 file", ["members", "import", write("broken-utf8.csv", utf8_broken)]),
    ("a truncated XLSX", ["members", "import", write("truncated.xlsx", xlsx[: len(xlsx) // 2])]),
    ("an XLSX zip bomb (sheet inflates to 2 GB)", ["members", "import", zip_with("bomb.xlsx", "xl/worksheets/sheet1.xml", 2 << 30)]),
    ("an XLSX whose shared strings are a bomb (1 GB)", ["members", "import", zip_with("strings-bomb.xlsx", "xl/sharedStrings.xml", 1 << 30)]),
    ("a cell reference beyond Excel's limits", ["members", "import", write("beyond.xlsx", xlsx)]),
    ("an SVG with entity expansion (billion laughs)", ["templates", "check", write("laughs.svg", laughs.encode())]),
    ("an SVG reaching file:///etc/passwd", ["templates", "check", svg("passwd.svg", '<image href="file:///etc/passwd" width="1" height="1"/>')]),
    ("an SVG reaching ../../x.png", ["templates", "check", svg("parent.svg", '<image href="../../x.png" width="1" height="1"/>')]),
    ("an SVG reaching http://", ["templates", "check", svg("http.svg", '<image href="http://example.com/x.png" width="1" height="1"/>')]),
    ("an SVG with <script>", ["templates", "check", svg("script.svg", "<script>alert(1)</script>")]),
    ("an SVG of 100000 x 100000", ["templates", "check", svg("canvas.svg", "<text>x</text>", 'width="100000" height="100000"')]),
    ("a TOML SOP with a million repeats", ["sop", "check", write("million.toml", sop.encode())]),
    ("a survey with 10,000 questions", ["retro", "survey", "--cohort", "第1期", write("survey.csv", (",".join(f"Q{i}. 您对第{i}节课满意吗" for i in range(10_000)) + "\n5\n").encode())]),
    ("a chat export of 1 GB of one repeated line", ["chats", "import", write_lines("repeated.csv", "消息ID,类型,发送人,时间,内容,备注,昵称,更多信息\n".encode(), chat_line, (1 << 30) // len(chat_line)), "--cohort", "第1期"]),
]
# The beyond-limits XLSX: the demo export with one cell moved to column ZZZZZZ.
src = zipfile.ZipFile(whole)
with zipfile.ZipFile(path("beyond.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    for item in src.infolist():
        body = src.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            body = body.replace(b'r="A3"', b'r="ZZZZZZ3"', 1)
        z.writestr(item, body)

db = os.path.join(data, "qunzhu.db")
def digest(): return hashlib.sha256(open(db, "rb").read()).hexdigest()
before = digest()
print(f"{'file':48} {'exit':>4} {'seconds':>8} {'peak MiB':>9} {'store':>9}  message")
for name, args in cases:
    t0 = time.time()
    p = subprocess.run(["/usr/bin/time", "-v", cli, "--data-dir", data, *args], env=env, capture_output=True, text=True)
    secs = time.time() - t0
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    msg = next((l for l in re.split(r"[\r\n]", p.stderr) if l.startswith("error[")), "(no error line)")
    same = "unchanged" if digest() == before else "CHANGED"
    print(f"{name:48} {p.returncode:>4} {secs:>8.2f} {peak:>9.1f} {same:>9}  {msg[:110]}")
subprocess.run(["rm", "-rf", work])
PY
