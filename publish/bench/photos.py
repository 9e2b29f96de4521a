"""``prsite bench --photos N``: time the media pipeline on N synthetic phone photos (4000×3000
JPEGs): the encoder's photos per second, with and without JPEG draft decoding, and a cold build
(empty media cache) against a warm one. The news items and the build runs are the articles
benchmark's (articles.py). Layout under ``workdir``::

    photos-site/content/          N news items with ``Image:``, their photos under images/<BE year>/<MM>/
    photos-site/photos/           every photo made so far (bench-<n>.jpg), hard-linked into content/
    photos-site/photos.json       their sizes and generator version: reused by later runs, any N
    photos-site/cache/media/      the build's media cache (emptied before each cold build)
    out-photos/, photos-*.log     the last build's output and console logs
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click

from plugins.thai_text.thaitext import be_year

from .articles import MEMBERS_HEADER, PRSITE_SETTINGS, REPO, SEED, copy_logo, news_item
from .measure import Run, timed

# --- photos: corpus -------------------------------------------------------------------

PHOTO_SIZE = (4000, 3000)  # stored pixels, as a 12 MP phone camera writes them
PHOTO_QUALITY = 90
PHOTO_GENERATOR = 1  # bump when _make_photo changes: photos cached in the workdir are remade
ENCODE_SAMPLE = 20  # photos timed one by one in the encoder measurements
PHONES = (("samsung", "Galaxy A54 5G"), ("Apple", "iPhone 13"), ("OPPO", "CPH2437"), ("vivo", "V2250"),
          ("Xiaomi", "Redmi Note 12"))
TAK = (16.8839, 99.1258)  # the office, for GPS tags near it
IMAGE_ALTS = (
    "ผู้บริหารสถานศึกษานั่งประชุมในห้องประชุมสำนักงาน หันหน้าไปทางจอภาพ",
    "นักเรียนยืนเข้าแถวหน้าเสาธงในตอนเช้า",
    "ครูและนักเรียนร่วมกิจกรรมกลางแจ้งบนสนามหญ้าของโรงเรียน",
    "ผู้อำนวยการมอบเกียรติบัตรให้ครูบนเวทีหอประชุม",
    "ศึกษานิเทศก์พูดคุยกับครูในห้องเรียนระหว่างการนิเทศ",
    "ผู้เข้าอบรมนั่งหน้าคอมพิวเตอร์โน้ตบุ๊กเป็นแถวในห้องอบรม",
)
IMAGES_LINE = re.compile(r"images: (\d+) encoded, (\d+) reused")


def _orientation(number: int) -> int:
    """EXIF Orientation of photo ``number``: a quarter portrait (6, 8), a tenth upside down (3)."""
    if number % 5 == 0:
        return 6  # phone turned right: stored sideways, shown portrait
    if number % 20 == 12:
        return 8  # turned left
    if number % 10 == 3:
        return 3
    return 1


def _make_photo(number: int, path: str, taken: dt.datetime) -> int:
    """Write photo ``number`` (same bytes on every machine and run); returns its size in bytes.

    A phone-like scene: sky and ground gradients, 40-80 flat shapes softened by a blur, then a
    texture of blotches and fine grain laid over it so it does not compress trivially. Noise
    comes from ``random.Random`` (not ``Image.effect_noise``, whose C rand() state depends on
    what the process drew before). Orientation 6/8 photos are stored sideways as phones do.
    """
    from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter, ImageOps

    rng = random.Random(SEED * 100_000 + number)
    orientation = _orientation(number)
    width, height = PHOTO_SIZE if orientation in (1, 3) else PHOTO_SIZE[::-1]  # upright scene
    top, bottom = (tuple(rng.randint(lo, hi) for _ in range(3)) for lo, hi in ((120, 210), (30, 120)))
    image = ImageOps.colorize(Image.linear_gradient("L").resize((width, height)), top, bottom).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(height * rng.uniform(0.35, 0.6)), width, height),
                   fill=tuple(rng.randint(40, 140) for _ in range(3)))
    for _ in range(rng.randint(40, 80)):
        x, y, size = rng.randrange(width), rng.randrange(height), rng.randint(width // 60, width // 6)
        colour, kind = tuple(rng.randrange(256) for _ in range(3)), rng.random()
        if kind < 0.4:
            draw.rectangle((x, y, x + size, y + int(size * rng.uniform(0.3, 2))), fill=colour)
        elif kind < 0.8:
            draw.ellipse((x, y, x + size, y + int(size * rng.uniform(0.5, 1.5))), fill=colour)
        else:
            draw.polygon([(x + rng.randint(-size, size), y + rng.randint(-size, size))
                          for _ in range(rng.randint(3, 6))], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(2))

    def noise(size: tuple[int, int], spread: float) -> Image.Image:
        return Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(
            [128 + round((v - 127.5) * spread) for v in range(256)])

    blotches = noise((width // 8, height // 8), 0.6).resize((width, height), Image.BICUBIC)
    texture = Image.blend(blotches, noise((width, height), 0.25), 0.5)
    image = ImageChops.overlay(image, Image.merge("RGB", (texture, texture, texture)))

    exif = Image.Exif()
    make, model = PHONES[number % len(PHONES)]
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif.update({ExifTags.Base.Make: make, ExifTags.Base.Model: model, ExifTags.Base.Orientation: orientation,
                 ExifTags.Base.DateTime: stamp})
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = stamp
    if number % 2:  # half the photos carry the place they were taken
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        for ref, tag, value, sign in (("N", ExifTags.GPS.GPSLatitude, TAK[0], ExifTags.GPS.GPSLatitudeRef),
                                      ("E", ExifTags.GPS.GPSLongitude, TAK[1], ExifTags.GPS.GPSLongitudeRef)):
            value += rng.uniform(-0.3, 0.3)
            minutes = (value % 1) * 60
            gps[sign], gps[tag] = ref, (float(int(value)), float(int(minutes)), round((minutes % 1) * 60, 2))
    stored = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    if orientation in stored:  # the inverse of what exif_transpose will apply
        image = image.transpose(stored[orientation])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image.save(path + ".tmp", "JPEG", quality=PHOTO_QUALITY, exif=exif)
    os.replace(path + ".tmp", path)
    return os.path.getsize(path)


@dataclass
class Photo:
    number: int
    path: Path  # absolute
    orientation: int
    size: int  # bytes

    @property
    def portrait(self) -> bool:
        return self.orientation in (5, 6, 7, 8)


def _photo_items(count: int) -> list[tuple[str, str, str, dt.datetime]]:
    """(news path, news text, photo path, date) of items 1..count: the article corpus plus Image:."""
    rng = random.Random(SEED)
    items = []
    for number in range(1, count + 1):
        relative, text = news_item(rng, number)
        date = dt.datetime.strptime(re.search(r"^Date: (.+)$", text, re.M)[1], "%Y-%m-%d %H:%M")
        photo = f"images/{be_year(date)}/{date.month:02d}/bench-{number}.jpg"
        alt = IMAGE_ALTS[number % len(IMAGE_ALTS)]
        slug = f"Slug: bench-{number}\n"
        items.append((relative, text.replace(slug, f"{slug}Image: {photo}\nImage_alt: {alt}\n", 1), photo, date))
    return items


def write_photo_corpus(site: Path, count: int, echo=print) -> list[Photo]:
    """News items 1..count, each with its own photo; photos made by an earlier run are reused.

    Photos are made once into ``photos/bench-<n>.jpg`` (kept when a smaller N runs) and
    hard-linked into ``content/images/<BE year>/<MM>/``, so content/ holds exactly N photos.
    """
    content, store = site / "content", site / "photos"
    for folder in ("news", "pages", "oia", "network", "images"):
        shutil.rmtree(content / folder, ignore_errors=True)
        (content / folder).mkdir(parents=True)
    (content / "network" / "members.csv").write_text(MEMBERS_HEADER + "\n", encoding="utf-8")
    items = _photo_items(count)
    for relative, text, _, _ in items:
        path = content / relative
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    copy_logo(content)

    index_file = site / "photos.json"  # {"generator": PHOTO_GENERATOR, "photos": {"bench-<n>.jpg": bytes}}
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
        known = index["photos"] if index.get("generator") == PHOTO_GENERATOR else {}
    except (OSError, ValueError, KeyError):
        known = {}
    store.mkdir(exist_ok=True)
    made = {name: size for name, size in known.items()
            if (store / name).is_file() and (store / name).stat().st_size == size}

    def save_index() -> None:
        index_file.write_text(json.dumps({"generator": PHOTO_GENERATOR, "photos": made}, indent=0), encoding="utf-8")

    missing = [(number, date) for number, (_, _, _, date) in enumerate(items, 1) if f"bench-{number}.jpg" not in made]
    if missing:
        echo(f"generating {len(missing)} photos of {PHOTO_SIZE[0]}×{PHOTO_SIZE[1]} into {store} "
             f"({count - len(missing)} reused from an earlier run) ...")
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            futures = [(number, pool.submit(_make_photo, number, str(store / f"bench-{number}.jpg"), date))
                       for number, date in missing]
            for done, (number, future) in enumerate(futures, 1):
                made[f"bench-{number}.jpg"] = future.result()
                if done % max(1, len(missing) // 10) == 0 or done == len(missing):
                    save_index()
                    echo(f"  {done}/{len(missing)} photos, {time.perf_counter() - started:.0f} s")
    else:
        echo(f"reusing the {count} photos made by an earlier run ({store})")
    save_index()
    corpus = []
    for number, (_, _, photo, _) in enumerate(items, 1):
        source, target = store / f"bench-{number}.jpg", content / photo
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        corpus.append(Photo(number, target, _orientation(number), made[source.name]))
    return corpus


# --- photos: encoder ------------------------------------------------------------------

def _encode_steps(source: str, folder: str, stem: str, recipe) -> dict:
    """``encode()`` again, step by step, with the CPU time of each step.

    The same calls in the same order as plugins/media/encode.py (``_open`` inlined); keep the
    two in step by hand. The benchmark prints this total next to the real ``encode()`` time.
    CPU time, not wall time: every step runs on one thread, and CPU time does not grow when
    other processes share the machine.
    """
    from PIL import Image, ImageOps

    from plugins.media.encode import EXTENSIONS, save_rendition, upright_size
    from plugins.media.share_card import share_crop

    clock = time.process_time
    steps = dict.fromkeys(("decode", "upright", "resize", "webp", "jpeg", "share"), 0.0)
    start = clock()
    image = Image.open(source)
    width, height = upright_size(image)
    if image.format == "JPEG":
        scale = min(max(recipe.widths), width) / width
        stored_w, stored_h = image.size
        image.draft("RGB", (max(1, round(stored_w * scale)), max(1, round(stored_h * scale))))
    image.load()
    decoded = image.size
    steps["decode"] = clock() - start
    start = clock()
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image).convert("RGB")
    steps["upright"] = clock() - start
    width, height = image.size
    widths = sorted({w for w in recipe.widths if w < width} | {min(width, max(recipe.widths))})
    os.makedirs(folder, exist_ok=True)
    for target in widths:
        start = clock()
        resized = image if target == width else image.resize(
            (target, max(1, round(height * target / width))), Image.LANCZOS, reducing_gap=3.0)
        steps["resize"] += clock() - start
        for fmt, quality in recipe.quality:
            start = clock()
            save_rendition(resized.copy(), os.path.join(folder, f"{stem}-{target}.{EXTENSIONS[fmt]}"), fmt, quality, icc)
            steps[fmt] = steps.get(fmt, 0.0) + clock() - start
    start = clock()
    save_rendition(share_crop(image, recipe.share_size), os.path.join(folder, f"{stem}-share.jpg"), "jpeg",
          dict(recipe.quality).get("jpeg", 82), icc)
    steps["share"] = clock() - start
    return {"steps": steps, "decoded": list(decoded)}


def _encoder_child() -> None:
    """A measurement in its own process: ``python -c '...' '<JSON spec>'``; prints one JSON line.

    spec: photos, scratch, recipe fields, ``draft`` (False: JpegImageFile.draft becomes a
    no-op, so every JPEG decodes at full size) and ``mode``: "single" (encode() one photo at a
    time, then the step-by-step timing) or "pool" (the build's own process pool, MEDIA_WORKERS=0).
    """
    import resource

    spec = json.loads(sys.argv[1])
    if not spec["draft"]:
        from PIL import JpegImagePlugin

        JpegImagePlugin.JpegImageFile.draft = lambda self, mode, size: None
    from plugins.media.encode import ImageProblem, Recipe, encode

    recipe = Recipe(tuple(spec["widths"]), tuple(tuple(q) for q in spec["quality"]), spec["max_pixels"])
    photos, scratch = spec["photos"], Path(spec["scratch"])
    if spec["mode"] == "pool":
        from plugins.media import run_jobs

        jobs = [(path, encode, (path, str(scratch / f"pool-{i}"), f"p{i}", recipe, True))
                for i, path in enumerate(photos)]
        started = time.perf_counter()
        results = run_jobs(jobs, {"MEDIA_WORKERS": 0})
        seconds = time.perf_counter() - started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        problems = [str(r) for r in results.values() if isinstance(r, ImageProblem)]
        print(json.dumps({"seconds": seconds, "cpu": children.ru_utime + children.ru_stime,
                          "workers": os.cpu_count(), "problems": problems}))
        return
    encode(photos[0], str(scratch / "warm-up"), "w", recipe, True)  # first-call costs (imports), untimed
    encoded = []
    for i, path in enumerate(photos):
        wall, cpu = time.perf_counter(), time.process_time()
        encode(path, str(scratch / f"e-{i}"), f"p{i}", recipe, True)
        encoded.append([time.perf_counter() - wall, time.process_time() - cpu])
    steps = [_encode_steps(path, str(scratch / f"s-{i}"), f"p{i}", recipe) for i, path in enumerate(photos)]
    published = sum(f.stat().st_size for f in scratch.glob("e-*/*") if f.name != "manifest.json")
    print(json.dumps({"encode": encoded, "steps": steps, "published_bytes": published / len(photos)}))


def _measure(spec: dict, scratch: Path) -> dict:
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    child = subprocess.run(
        [sys.executable, "-c", "from publish.bench.photos import _encoder_child; _encoder_child()",
         json.dumps({**spec, "scratch": str(scratch)})], cwd=REPO, capture_output=True, text=True)
    shutil.rmtree(scratch, ignore_errors=True)
    if child.returncode != 0:
        raise click.ClickException(f"encoder measurement failed ({spec['mode']}, draft {spec['draft']}):\n"
                                   + child.stderr[-3000:])
    return json.loads(child.stdout.strip().splitlines()[-1])


def _recipe_spec(settings_file: Path) -> dict:
    """The recipe a build of the photo site uses: its settings, loaded as a build loads them."""
    from plugins.media import media_recipe

    from .. import pipeline

    recipe = media_recipe(pipeline.load_settings(str(settings_file)))
    return {"widths": list(recipe.widths), "quality": [list(q) for q in recipe.quality],
            "max_pixels": recipe.max_pixels, "share_size": list(recipe.share_size)}


# --- photos: the benchmark ------------------------------------------------------------

def _table(echo, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        echo("  " + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                              for i, (cell, w) in enumerate(zip(row, widths))).rstrip())


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


def _photo_build(command: list[str], site: Path, work: Path, photos: int, cold: bool) -> tuple[Run, int, int]:
    """One build of the photo site; a cold one starts with an empty media cache."""
    name = "cold" if cold else "warm"
    if cold:
        shutil.rmtree(site / "cache" / "media", ignore_errors=True)
    log = work / f"photos-{name}.log"
    run = timed(command, site, work / "out-photos", log)
    match = IMAGES_LINE.search(log.read_text(encoding="utf-8", errors="replace"))
    if not match:
        raise click.ClickException(f"no 'images: N encoded, M reused' line in {log}")
    encoded, reused = int(match[1]), int(match[2])
    if run.news_pages != photos:
        raise click.ClickException(f"{name} build wrote {run.news_pages} of {photos} news pages; see {log}")
    if cold and reused:
        raise click.ClickException(f"cold build reused {reused} images from an emptied cache; see {log}")
    if not cold and encoded:
        raise click.ClickException(f"warm build encoded {encoded} images, expected 0; see {log}")
    return run, encoded, reused


def _hash_all(corpus: list[Photo], spec: dict) -> float:
    """Seconds to read and hash every photo as ``media.process`` does (cache_key on its bytes)."""
    from plugins.media.encode import Recipe, cache_key

    recipe = Recipe(tuple(spec["widths"]), tuple(tuple(q) for q in spec["quality"]), spec["max_pixels"])
    started = time.perf_counter()
    for photo in corpus:
        with open(photo.path, "rb") as handle:
            cache_key(handle.read(), recipe)
    return time.perf_counter() - started


def run_photo_benchmark(photos: int, workdir: str, repeat: int, echo=print) -> None:
    """Make (or reuse) the photo corpus, time the encoder and cold/warm builds, print the results."""
    if photos < 1 or repeat < 1:
        raise click.ClickException("--photos and --repeat must be at least 1")
    import PIL
    from PIL import features

    work = Path(workdir).resolve()
    site = work / "photos-site"
    settings_file = site / "pelicanconf.py"
    started = time.perf_counter()
    echo(f"photo corpus: {photos} news items with a photo each in {site / 'content'}")
    corpus = write_photo_corpus(site, photos, echo)
    settings_file.write_text(PRSITE_SETTINGS.format(
        conf=str(REPO / "pelicanconf.py"), content=str(site / "content"), theme=str(REPO / "theme")), encoding="utf-8")
    spec = _recipe_spec(settings_file)
    sizes = [p.size / 1e6 for p in corpus]
    portrait = sum(p.portrait for p in corpus)
    echo(f"  {PHOTO_SIZE[0]}×{PHOTO_SIZE[1]} JPEG q{PHOTO_QUALITY}, {_mean(sizes):.2f} MB mean "
         f"({min(sizes):.2f}-{max(sizes):.2f}), {sum(sizes):.0f} MB in all; {portrait} portrait "
         f"(EXIF Orientation 6/8), {sum(p.number % 2 for p in corpus)} with GPS")
    echo(f"recipe: widths {'/'.join(map(str, spec['widths']))} px, "
         + " + ".join(f"{f} q{q}" for f, q in spec["quality"])
         + f", share crop {spec['share_size'][0]}×{spec['share_size'][1]}")
    echo(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, Pillow {PIL.__version__} "
         f"(libjpeg-turbo {features.version('libjpeg_turbo')}, libwebp {features.version('webp')}), "
         f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    sample = corpus[:min(photos, ENCODE_SAMPLE)]
    spec["photos"] = [str(p.path) for p in sample]
    scratch = work / "encode-scratch"
    echo(f"\nencoder, {len(sample)} photos ({sum(p.portrait for p in sample)} portrait), one process, draft() on ...")
    draft_on = _measure({**spec, "draft": True, "mode": "single"}, scratch)
    echo(f"  {sum(w for w, _ in draft_on['encode']):.1f} s")
    echo("encoder, one process, draft() off (JpegImageFile.draft made a no-op) ...")
    draft_off = _measure({**spec, "draft": False, "mode": "single"}, scratch)
    echo(f"  {sum(w for w, _ in draft_off['encode']):.1f} s")
    echo(f"encoder, process pool of {os.cpu_count()} (MEDIA_WORKERS=0, as in builds), draft() on ...")
    pool = _measure({**spec, "draft": True, "mode": "pool"}, scratch)
    if pool["problems"]:
        raise click.ClickException("the encoder refused sample photos: " + "; ".join(pool["problems"]))
    echo(f"  {pool['seconds']:.1f} s")

    command = [sys.executable, "-c", "from publish.cli import main; main(prog_name='prsite')", "build",
               "--settings", str(settings_file), "--output", str(work / "out-photos")]
    builds: dict[str, list[tuple[Run, int, int]]] = {"cold": [], "warm": []}
    for attempt in range(1, repeat + 1):
        for name in ("cold", "warm"):
            echo(f"build {attempt}/{repeat} {name} ({'media cache emptied' if name == 'cold' else 'cache kept'}) ...")
            result = _photo_build(command, site, work, photos, name == "cold")
            run, encoded, reused = result
            echo(f"  {run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU, {run.peak_mib:.0f} MiB; "
                 f"images: {encoded} encoded, {reused} reused")
            builds[name].append(result)
    echo("reading and hashing every photo, as each build does to find its cache entry ...")
    hashing = _hash_all(corpus, spec)
    echo(f"  {hashing:.2f} s")
    media = [f for f in (work / "out-photos" / "media").rglob("*") if f.is_file()]
    linked = sum(f.stat().st_nlink > 1 for f in media)
    cache_mb = sum(f.stat().st_size for f in (site / "cache" / "media").rglob("*") if f.is_file()) / 1e6

    # --- report
    def rate(seconds: float, count: int) -> str:
        return f"{count / seconds:.2f}"

    n = len(sample)
    on_wall, off_wall = (sum(w for w, _ in r["encode"]) for r in (draft_on, draft_off))
    on_cpu, off_cpu = (sum(c for _, c in r["encode"]) for r in (draft_on, draft_off))
    echo(f"\nPhotos: {photos} synthetic {PHOTO_SIZE[0]}×{PHOTO_SIZE[1]} phone JPEGs, "
         f"{_mean(sizes):.2f} MB mean; load average now {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    echo(f"\nEncoder throughput, {n}-photo sample ({sum(p.portrait for p in sample)} portrait), "
         f"8 renditions + share crop per photo:")
    _table(echo, ("", "s/photo", "photos/s", "CPU s/photo"), [
        ("encode(), 1 process, draft() on (as shipped)", f"{on_wall / n:.3f}", rate(on_wall, n), f"{on_cpu / n:.3f}"),
        ("encode(), 1 process, draft() off", f"{off_wall / n:.3f}", rate(off_wall, n), f"{off_cpu / n:.3f}"),
        (f"encode(), pool of {pool['workers']} (MEDIA_WORKERS=0)", f"{pool['seconds'] / n:.3f}",
         rate(pool["seconds"], n), f"{pool['cpu'] / n:.3f}"),
        ("draft() speed-up, 1 process", "", f"{off_wall / on_wall:.2f}x", f"{off_cpu / on_cpu:.2f}x"),
    ])
    rows = []
    for label, portrait in (("landscape", False), ("portrait (Orientation 6/8)", True)):
        count = sum(p.portrait == portrait for p in sample)
        if count:
            on, off = (_mean(c for (_, c), p in zip(r["encode"], sample) if p.portrait == portrait)
                       for r in (draft_on, draft_off))
            rows.append((f"{label}, {count} photos", f"{on:.3f}", f"{off:.3f}", f"{off / on:.2f}x"))
    echo("\nencode() CPU s/photo by shape:")
    _table(echo, ("", "draft() on", "draft() off", "speed-up"), rows)

    def step_mean(result: dict, step: str, which=None) -> float:
        return _mean(s["steps"][step] for s, p in zip(result["steps"], sample) if which is None or p.portrait == which)

    def decoded(result: dict, portrait: bool) -> str:
        sizes_seen = {tuple(s["decoded"]) for s, p in zip(result["steps"], sample) if p.portrait == portrait}
        return ", ".join(f"{w}×{h}" for w, h in sorted(sizes_seen))

    rows = []
    for label, portrait in (("landscape", False), ("portrait", True)):
        if any(p.portrait == portrait for p in sample):
            rows.append((f"JPEG decode, {label} (decoded at)", f"{step_mean(draft_on, 'decode', portrait):.3f}",
                         f"{step_mean(draft_off, 'decode', portrait):.3f}",
                         f"{decoded(draft_on, portrait)} / {decoded(draft_off, portrait)}"))
    labels = {"decode": "JPEG decode, all", "upright": "upright (exif_transpose) + RGB", "resize": "resize (LANCZOS)",
              "webp": "save WebP", "jpeg": "save JPEG (optimize, progressive)", "share": "share crop + save"}
    for step in labels:
        if step != "decode":
            rows.append((labels[step], f"{step_mean(draft_on, step):.3f}", f"{step_mean(draft_off, step):.3f}", ""))
    totals = [_mean(sum(s["steps"].values()) for s in r["steps"]) for r in (draft_on, draft_off)]
    rows.append(("sum of the steps", f"{totals[0]:.3f}", f"{totals[1]:.3f}", ""))
    rows.append(("encode() as timed above (CPU)", f"{on_cpu / n:.3f}", f"{off_cpu / n:.3f}", ""))
    echo("\nWhere one photo's time goes, mean CPU seconds (one process):")
    _table(echo, ("step", "draft() on", "draft() off", "decoded size (on / off)"), rows)
    echo(f"  published per photo: {draft_on['published_bytes'] / 1e3:.0f} kB (8 renditions + share crop)")

    cold, warm = builds["cold"], builds["warm"]
    cold_s, warm_s = (statistics.median(r.seconds for r, _, _ in b) for b in (cold, warm))
    cold_cpu, warm_cpu = (statistics.median(r.cpu_seconds for r, _, _ in b) for b in (cold, warm))
    echo(f"\nBuilds: prsite build of {photos} news items with a photo each, "
         f"{repeat} cold + warm pair{'s' if repeat != 1 else ''} (median):")
    _table(echo, ("", "wall", "CPU", "peak RSS", "images line"), [
        ("cold (media cache emptied)", f"{cold_s:.1f} s", f"{cold_cpu:.1f} s", f"{max(r.peak_mib for r, _, _ in cold):.0f} MiB",
         f"{cold[-1][1]} encoded, {cold[-1][2]} reused"),
        ("warm (cache kept)", f"{warm_s:.1f} s", f"{warm_cpu:.1f} s", f"{max(r.peak_mib for r, _, _ in warm):.0f} MiB",
         f"{warm[-1][1]} encoded, {warm[-1][2]} reused"),
        ("cold / warm", f"{cold_s / warm_s:.1f}x", f"{cold_cpu / warm_cpu:.1f}x", "", ""),
        ("all runs, cold", " ".join(f"{r.seconds:.1f}" for r, _, _ in cold), "", "", ""),
        ("all runs, warm", " ".join(f"{r.seconds:.1f}" for r, _, _ in warm), "", "", ""),
    ])
    echo(f"  cold - warm = {cold_s - warm_s:.1f} s of encoding for {cold[-1][1]} images "
         f"({cold[-1][1] / (cold_s - warm_s):.2f} photos/s in the build)" if cold_s > warm_s else "")
    echo(f"  reading + hashing the {photos} originals (part of every build): {hashing:.2f} s "
         f"({sum(sizes) / hashing:.0f} MB/s, files in the page cache)")
    echo(f"  output media/: {len(media)} files, {linked} hard-linked to the cache; cache {cache_mb:.0f} MB")
    echo(f"  ({time.perf_counter() - started:.0f} s for the whole benchmark; logs: {work}/photos-cold.log, photos-warm.log)")
