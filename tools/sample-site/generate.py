#!/usr/bin/env python3
"""Builds sample-site/: an offline copy of Avito.ma and Mubawab.ma pages filled with real records.

No saved HTML of these sites is public, so the pages follow the structure documented in
docs/sites.md (§1.3, §1.4, §2.3, §2.4) and carry the values of the real scraped
records in testdata/records/, so a parser test can compare what it extracts with the record.
Deterministic (no clock, no randomness): running it twice gives the same bytes.

Usage: python3 tools/sample-site/generate.py   (from the repository root)
"""

import csv
import hashlib
import html
import json
import re
import shutil
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "testdata" / "records"
OUT = ROOT / "sample-site"

AVITO_RAW = "avito_raw_2025-11-03.jsonl"
AVITO_AMRES = "bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl"
MUBAWAB_AMRES = "bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl"
MUBAWAB_CSV = "mubawab_ads_sample_2025-11-05.csv"
NOTEBOOK = "notebook_sample_payloads.jsonl"
AIRFLOW_URLS = "avito_detail_urls_from_airflow_logs_2025-10-31.csv"

AVITO = "https://www.avito.ma"
MUBAWAB = "https://www.mubawab.ma"
AVITO_START = {
    "rent": AVITO + "/fr/maroc/locations_immobilieres-à_louer",
    "sale": AVITO + "/fr/maroc/ventes_immobilieres-à_vendre",
}
MUBAWAB_START = {
    "rent": MUBAWAB + "/fr/cc/immobilier-a-louer-all:o:n",
    "sale": MUBAWAB + "/fr/cc/immobilier-a-vendre-all:o:n",
}
CARDS_PER_PAGE = 24
# Cards repeated at the top of the next page, as when new ads push older ones down mid-crawl.
SHIFT = 2
# The whitespace run Mubawab's template puts after " à " in h3.greyTit (seen in the AMRES data).
GREY_TIT_RUN = "\n\t\t\t\t\t\t\t"
CASABLANCA = ZoneInfo("Africa/Casablanca")

HTML_TYPE = "text/html; charset=utf-8"
MANIFEST = []


def esc(text):
    return html.escape(text or "", quote=True)


def browser_url(url):
    """The URL as a browser requests it: non-ASCII as UTF-8 percent-escapes, existing escapes kept."""
    parts = urllib.parse.urlsplit(url)
    safe = "/:@!$&'()*+,;=-._~%"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, urllib.parse.quote(parts.path, safe=safe),
                                    urllib.parse.quote(parts.query, safe=safe + "?"), ""))


def digest(*parts):
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()


def css_hash(seed):
    """A styled-components-like class suffix, stable per seed."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    h = digest(seed)
    return "".join(letters[int(h[i:i + 2], 16) % len(letters)] for i in range(0, 12, 2))


def add(url, file, kind, site, expect=None, record=None, status=200, content_type=HTML_TYPE):
    entry = {"url": browser_url(url), "file": file, "status": status, "contentType": content_type,
             "kind": kind, "site": site}
    if expect:
        entry["expect"] = expect
    if record:
        entry["record"] = record
    MANIFEST.append(entry)


def write(rel, text):
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


# ---------------------------------------------------------------- records

def load_avito():
    """Avito listings as dicts with the fields a page shows; latest payload per id wins."""
    latest = {}
    for line in open(RECORDS / AVITO_RAW, encoding="utf-8"):
        row = json.loads(line)
        if row["id"] not in latest or row["ingest_ts"] > latest[row["id"]]["ingest_ts"]:
            latest[row["id"]] = row
    listings = {}
    for rid, row in sorted(latest.items()):
        p = json.loads(row["payload"])
        listings[rid] = old_avito_listing(p, AVITO_RAW)
    for line in open(RECORDS / NOTEBOOK, encoding="utf-8"):
        blob = json.loads(line)
        p = blob["payload"]
        if "avito" in p["url"]:
            listings[p["id"]] = old_avito_listing(p, NOTEBOOK)
    # The AMRES scrape is three weeks newer: where both scraped an id, its payload is the latest.
    for line in open(RECORDS / AVITO_AMRES, encoding="utf-8"):
        p = json.loads(line)
        listings[p["id"]] = {
            "id": p["id"], "url": p["url"], "origin": AVITO_AMRES, "layout": "new",
            "mode": "rent" if p["offre"] == "location" else "sale",
            "title": p["title"], "price": p["price_text"], "category": p["category_label"],
            "crumbs": json.loads(p["breadcrumbs_list"]), "home_icon": False,
            "description": p["description"], "attributes": list(json.loads(p["attributes"]).items()),
            "equipments": [e for e in p["equipments"].split("; ") if e],
            "seller": p["seller_name"], "seller_url": p["seller_url"] or None,
            "store": bool(p["seller_is_store"]), "published": p["published_date"],
            "images": [u for u in p["images"].split(", ") if u],
        }
    return listings


def old_avito_listing(p, origin):
    """An Avito payload of the original scraper (old layout) as page values."""
    attributes = list(json.loads(p["attributes"]).items()) if p.get("attributes") else []
    equipments = p["equipments"].split("; ") if p.get("equipments") else []
    # The original's equipment selector also caught the attribute values, in attribute order.
    values = [v for _, v in attributes]
    if equipments[:len(values)] == values:
        equipments = equipments[len(values):]
    crumbs = p["breadcrumbs"].split(" > ") if p.get("breadcrumbs") else []
    home_icon = bool(crumbs) and crumbs[0].startswith("Home Icon ")
    if home_icon:
        crumbs[0] = crumbs[0][len("Home Icon "):]
    published = p.get("published_date")
    if published and published[:4].isdigit():
        local = datetime.strptime(published, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CASABLANCA)
        published = local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    text = " ".join(filter(None, [p.get("listing_type"), p.get("category"), p.get("breadcrumbs")]))
    mode = "rent" if ("location" in text or "à louer" in text or "Locations" in text) else "sale"
    return {
        "id": p["id"], "url": p["url"], "origin": origin,
        # A relative date only existed before the site exposed time@datetime: keep that page old.
        "layout": "new" if published is None or published.endswith("Z") else "old",
        "mode": mode, "title": p.get("title"), "price": p.get("price_text"),
        "category": p.get("category"), "crumbs": crumbs, "home_icon": home_icon,
        "description": p.get("description"), "attributes": attributes, "equipments": equipments,
        "seller": p.get("seller_name"), "seller_url": None, "store": p.get("seller_type") == "Boutique",
        "published": published,
        "images": p["image_urls"].split(" | ") if p.get("image_urls") else [],
    }


def nbsp_price(text):
    """Mubawab writes U+00A0 between thousands; the CSV scraper had turned them into spaces."""
    return re.sub(r"(?<=\d) (?=\d)", "\u00a0", text)


def grey_tit(location):
    return location if "\n" in location else location.replace(" à ", " à" + GREY_TIT_RUN, 1)


ICON_CLASS = {"m²": "icon-triangle", "Pièce": "icon-house-boxes", "Chambre": "icon-bed", "Salle": "icon-bath"}


def icon_for(text):
    return next((c for k, c in ICON_CLASS.items() if k in text), "icon-info")


def load_mubawab():
    listings = {}
    for r in csv.DictReader(open(RECORDS / MUBAWAB_CSV, encoding="utf-8")):
        listings[r["id"]] = {
            "id": r["id"], "url": r["url"], "origin": MUBAWAB_CSV, "mode": "rent",
            "title": r["title"], "price": nbsp_price(r["price_text"]), "location": grey_tit(r["location_text"]),
            "icons": json.loads(r["ad_details_text"]), "main": list(json.loads(r["features_main_json"]).items()),
            "amenities": json.loads(r["features_amenities_json"]), "description": r["description_text"],
            "images": json.loads(r["gallery_urls"]), "agency": r["agency_name"] or None,
            "agency_url": r["agency_url"] or None, "agency_logo": r["agency_logo"] or None,
            "crumbs": [], "lat": None, "lng": None, "location_id": None,
        }
    for line in open(RECORDS / NOTEBOOK, encoding="utf-8"):
        p = json.loads(line)["payload"]
        if "mubawab" not in p["url"]:
            continue
        main = list(json.loads(p["features_main_json"]).items())
        icon_keys = ("Surface", "Pièces", "Chambres", "Salles de bain")
        listings[p["id"]] = {
            "id": p["id"], "url": p["url"], "origin": NOTEBOOK,
            "mode": "rent" if p["listing_type"] == "location" else "sale",
            "title": p["title"], "price": nbsp_price(f"{p['price']:,} DH".replace(",", " ")),
            "location": grey_tit(p["location_text"]),
            "icons": [v for k, v in main if k in icon_keys], "main": [(k, v) for k, v in main if k not in icon_keys],
            "amenities": json.loads(p["features_amenities_json"]), "description": p["description_text"],
            "images": json.loads(p["gallery_urls"]), "agency": p["agency_name"], "agency_url": p["agency_url"],
            "agency_logo": None, "crumbs": [], "lat": None, "lng": None, "location_id": None,
        }
    for line in open(RECORDS / MUBAWAB_AMRES, encoding="utf-8"):
        p = json.loads(line)
        attrs = p["attributes"]
        icons, main = [], []
        for k, v in attrs.items():
            if k in ("Latitude", "Longitude", "Location ID", "Location Type"):
                continue
            # The AMRES scraper keyed the icon texts; "2 Chambres" as a key is its bug, not the page's.
            if k in ("Surface", "Pièces", "Salle de bain") or "Chambre" in k:
                icons.append(v)
            else:
                main.append((k, v))
        order = ["m²", "Pièce", "Chambre", "Salle"]
        icons.sort(key=lambda t: next(i for i, k in enumerate(order) if k in t))
        listings[p["id"]] = {
            "id": p["id"], "url": p["url"], "origin": MUBAWAB_AMRES,
            "mode": "rent" if p["offre"] == "location" else "sale",
            "title": p["title"], "price": p["price_text"], "location": p["location"],
            "category": p.get("category_label"),
            "icons": icons, "main": main, "amenities": p["equipments"], "description": p["description"],
            "images": p["images"], "agency": p["seller_name"] or None, "agency_url": p["seller_url"] or None,
            "agency_logo": None, "crumbs": p["breadcrumbs_list"], "lat": attrs.get("Latitude"),
            "lng": attrs.get("Longitude"), "location_id": attrs.get("Location ID"),
            "location_type": attrs.get("Location Type"),
        }
    return listings


# ---------------------------------------------------------------- shared chrome

FILLER_CSS_PROPS = ["display:flex", "align-items:center", "justify-content:space-between", "margin:0 auto",
                    "padding:8px 16px", "font-size:14px", "line-height:20px", "color:#2e2e2e",
                    "border-radius:8px", "background-color:#fff", "gap:12px", "flex-wrap:wrap"]


def style_block(seed, count):
    """Inline CSS like the site's server-rendered style tag: weight, not meaning."""
    rules = []
    for i in range(count):
        h = digest(seed, str(i))
        props = ";".join(FILLER_CSS_PROPS[int(h[j], 16) % len(FILLER_CSS_PROPS)] for j in range(4))
        rules.append(f".{css_hash(seed + str(i))}{{{props}}}")
    return "\n".join(rules)


def analytics_script(site, page_type, listing_id):
    config = {"site": site, "pageType": page_type, "adId": listing_id, "lang": "fr",
              "consent": {"analytics": True, "ads": True}, "gtm": "GTM-" + css_hash(site)[:6].upper(),
              "experiments": [{"name": "serp_v" + str(i), "variant": "B" if i % 2 else "A"} for i in range(12)]}
    return ("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
            "gtag('js',new Date());gtag('config'," + json.dumps(config["gtm"]) + ");</script>\n"
            "<script>window.__APP_CONFIG__=" + json.dumps(config, ensure_ascii=False) + ";</script>\n")


# ---------------------------------------------------------------- Avito pages

AVITO_CATEGORIES = [("immobilier", "Immobilier"), ("appartements", "Appartements"), ("maisons", "Maisons"),
                    ("villas_riad", "Villas et Riads"), ("bureaux_et_plateaux", "Bureaux et Plateaux"),
                    ("magasins_et_commerces", "Magasins, Commerces et Locaux industriels"),
                    ("terrains_et_fermes", "Terrains et Fermes"), ("autre_immobilier", "Autre Immobilier"),
                    ("voitures", "Voitures"), ("motos", "Motos"), ("telephones", "Téléphones"),
                    ("ordinateurs_portables", "Ordinateurs portables"), ("electromenager", "Électroménager"),
                    ("meubles_et_decoration", "Meubles et Décoration"), ("offres_d_emploi", "Offres d'emploi"),
                    ("vetements", "Vêtements"), ("jeux_video_et_consoles", "Jeux vidéo et Consoles"),
                    ("services", "Services"), ("materiel_professionnel", "Matériel Professionnel")]
AVITO_CITIES = ["Casablanca", "Rabat", "Marrakech", "Tanger", "Agadir", "Fès", "Meknès", "Kénitra", "Oujda",
                "Tétouan", "Salé", "Temara", "Mohammedia", "El Jadida", "Béni Mellal", "Nador", "Safi"]


def avito_head(title, canonical, description, image, page_type, listing_id):
    return f"""<!DOCTYPE html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | Avito</title>
<meta name="description" content="{esc((description or title)[:160])}">
<meta name="robots" content="index, follow">
<meta property="og:site_name" content="Avito">
<meta property="og:type" content="website">
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="{esc(browser_url(canonical))}">
<meta property="og:image" content="{esc(image or AVITO + '/phoenix-assets/imgs/avito-logo.png')}">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="{esc(browser_url(canonical))}">
<link rel="alternate" hreflang="ar" href="{esc(browser_url(canonical.replace('/fr/', '/ar/', 1)))}">
<link rel="preconnect" href="https://content.avito.ma">
<link rel="icon" href="{AVITO}/favicon.ico">
<link rel="manifest" href="{AVITO}/manifest.json">
<link rel="stylesheet" href="{AVITO}/_next/static/css/{digest('avito-css')[:16]}.css">
<style data-styled="active" data-styled-version="5.3.11">
{style_block('avito', 120)}
</style>
{analytics_script('avito', page_type, listing_id)}</head>
"""


def avito_header():
    nav = "\n".join(f'<li class="sc-1u7wm7b-2"><a href="{AVITO}/fr/maroc/{slug}" class="sc-1u7wm7b-3 {css_hash(slug)}">{esc(name)}</a></li>'
                    for slug, name in AVITO_CATEGORIES)
    return f"""<body>
<div id="__next"><div class="sc-1wm1i7l-0 {css_hash('layout')}">
<header class="sc-1uxqgqb-0 {css_hash('header')}">
<a href="{AVITO}/fr/maroc" aria-label="Avito" class="sc-1uxqgqb-1"><svg viewBox="0 0 120 32" aria-labelledby="AvitoLogoTitleID"><title id="AvitoLogoTitleID">Avito Logo</title><path d="M0 0h120v32H0z"/></svg></a>
<form action="{AVITO}/fr/maroc" method="get" class="sc-1uxqgqb-4" role="search"><input type="search" name="q" placeholder="Que recherchez-vous ?" class="sc-1uxqgqb-5"><button type="submit" class="sc-1uxqgqb-6">Rechercher</button></form>
<div class="sc-1uxqgqb-7"><a href="{AVITO}/fr/account/login" class="sc-1uxqgqb-8">Se connecter</a><a href="{AVITO}/fr/ai" class="sc-1uxqgqb-9 {css_hash('post')}">Déposer une annonce</a></div>
<nav class="sc-1u7wm7b-0 {css_hash('nav')}" aria-label="Catégories"><ul class="sc-1u7wm7b-1">
{nav}
</ul></nav>
</header>
<main class="sc-1wm1i7l-1">
"""


def avito_footer():
    cities = "\n".join(f'<li><a href="{AVITO}/fr/{esc(c.lower())}/immobilier">Immobilier {esc(c)}</a></li>' for c in AVITO_CITIES)
    cats = "\n".join(f'<li><a href="{AVITO}/fr/maroc/{slug}">{esc(name)} au Maroc</a></li>' for slug, name in AVITO_CATEGORIES)
    return f"""</main>
<footer class="sc-1bn4dyc-0 {css_hash('footer')}">
<div class="sc-1bn4dyc-1"><h3>Villes populaires</h3><ul>
{cities}
</ul></div>
<div class="sc-1bn4dyc-1"><h3>Catégories populaires</h3><ul>
{cats}
</ul></div>
<div class="sc-1bn4dyc-2"><a href="{AVITO}/fr/aide">Aide</a> <a href="{AVITO}/fr/conditions">Conditions générales d'utilisation</a> <a href="{AVITO}/fr/confidentialite">Politique de confidentialité</a> <a href="{AVITO}/fr/boutiques">Boutiques</a> <a href="https://immoneuf.avito.ma/fr">Avito Immoneuf</a></div>
<p class="sc-1bn4dyc-3">© 2025 Avito.ma — Tous droits réservés</p>
</footer>
</div></div>
<script src="{AVITO}/_next/static/chunks/webpack-{digest('webpack')[:16]}.js" defer></script>
<script src="{AVITO}/_next/static/chunks/main-{digest('main')[:16]}.js" defer></script>
</body>
</html>
"""


def avito_card(l):
    image = l["images"][0] if l["images"] else AVITO + "/phoenix-assets/imgs/no-image.png"
    city = l["crumbs"][2] if len(l["crumbs"]) > 3 else ""
    area = l["crumbs"][3] if len(l["crumbs"]) > 4 else ""
    kind = (l["category"] or "Immobilier").split(",")[0]
    price = f'<p class="sc-1x0vz2r-0 {css_hash("price")}"><span dir="auto">{esc(l["price"])}</span></p>' if l["price"] else ""
    return f"""<a href="{esc(l['url'])}" class="sc-1jge648-0 {css_hash('card')}">
<div class="sc-1lb3x1r-0"><div class="sc-1lb3x1r-1"><img src="{esc(image)}" alt="{esc(l['title'] or '')}" loading="lazy"></div>
<div class="sc-b341c660-0 {css_hash('cardbody')}"><p class="sc-1x0vz2r-0 {css_hash('loc')}">{esc(kind)} dans {esc(city)}, {esc(area)}</p>
<p class="sc-1x0vz2r-0 {css_hash('cardtitle')}" title="{esc(l['title'] or '')}">{esc(l['title'] or '')}</p>{price}</div></div>
</a>"""


def avito_immoneuf_card(n):
    """A new-build project card: SERPs mix these in, but they are not ads."""
    url = f"https://immoneuf.avito.ma/fr/immoneuf/casablanca/Projet_residentiel_neuf_{n}_{4100 + n}.htm"
    return f"""<a href="{url}" class="sc-1jge648-0 {css_hash('card')} immoneuf">
<div class="sc-b341c660-0"><span class="sc-1x0vz2r-0">Immoneuf</span><p class="sc-1x0vz2r-0">Projet résidentiel neuf — à partir de 650 000 DH</p></div></a>"""


def avito_similar(listings, current, n=8):
    others = [l for l in listings if l["id"] != current["id"] and l["title"]]
    start = int(digest(current["id"])[:6], 16) % max(1, len(others))
    chosen = (others[start:] + others[:start])[:n]
    cards = "\n".join(avito_card(l) for l in chosen)
    return f'<section class="sc-1s9j3fo-0 {css_hash("similar")}"><h2 class="sc-1x0vz2r-0">Annonces similaires</h2>\n{cards}\n</section>'


def avito_detail(l, all_listings):
    old = l["layout"] == "old"
    h = "sc-9ca53b09" if old else "sc-16573058"
    parts = [avito_head(l["title"] or "Avito", l["url"], l["description"], l["images"][0] if l["images"] else None,
                        "adview", l["id"]), avito_header()]
    parts.append(f'<div class="{h}-0 {css_hash(h)}">')
    # Breadcrumbs: old layout links as a and the last crumb as span.sc-16q833i-2; both sit in li.sc-16q833i-3.
    items = []
    for i, crumb in enumerate(l["crumbs"]):
        icon = '<svg viewBox="0 0 24 24" aria-labelledby="HomeIconTitleID"><title id="HomeIconTitleID">Home Icon</title><path d="M12 3l9 8h-3v9h-5v-6h-2v6H6v-9H3z"/></svg>' if i == 0 and l["home_icon"] else ""
        last = i == len(l["crumbs"]) - 1
        inner = (f'<span class="sc-16q833i-2 {css_hash("crumb-last")}">{esc(crumb)}</span>' if last else
                 f'<a href="{AVITO}/fr/{"maroc" if i < 2 else "maroc/immobilier"}" class="sc-16q833i-1">{icon}{esc(crumb)}</a>')
        items.append(f'<li class="sc-16q833i-3 {css_hash("li")}">{inner}</li>')
    parts.append(f'<ol class="sc-16q833i-0 {css_hash("crumbs")}">' + "".join(items) + "</ol>")
    # Gallery: slick carousel with cloned first/last slides, so each image appears more than once.
    slides = []
    imgs = l["images"]
    seq = ([imgs[-1]] + imgs + [imgs[0]]) if len(imgs) > 1 else imgs
    for i, src in enumerate(seq):
        clone = " slick-cloned" if len(imgs) > 1 and i in (0, len(seq) - 1) else ""
        img = f'<img src="{esc(src)}" alt="{esc(l["title"] or "")}" class="sc-1gjavk-0">'
        slides.append(f'<div data-index="{i - 1}" class="slick-slide{clone}" aria-hidden="{str(bool(clone)).lower()}">'
                      + (img if old else f'<div class="picture">{img}</div>') + "</div>")
    parts.append(f'<div class="{h}-1"><div class="slick-slider slick-initialized"><div class="slick-list"><div class="slick-track">'
                 + "".join(slides) + "</div></div></div></div>")
    parts.append(f'<div class="{h}-4 {css_hash("info")}">')
    if l["title"]:
        parts.append(f'<h1 class="{h}-5 {css_hash("h1")}">{esc(l["title"])}</h1>')
    if l["price"]:
        if old:
            parts.append(f'<p class="{h}-10 {css_hash("pr")}">{esc(l["price"])}</p>')
        else:
            parts.append(f'<div class="{h}-10 {css_hash("pr")}"><p class="sc-1x0vz2r-0 {css_hash("prt")}" dir="auto">{esc(l["price"])}</p></div>')
    if not old:
        parts.append(f'<div class="{h}-16"><svg title="MapPinFill Icon" viewBox="0 0 24 24"><path d="M12 2a7 7 0 017 7c0 5-7 13-7 13S5 14 5 9a7 7 0 017-7z"/></svg><span class="{h}-17 {css_hash("loc")}"></span></div>')
    if l["published"]:
        if old:
            parts.append(f'<span class="sc-1x0vz2r-0 {css_hash("time")}"><time>{esc(l["published"])}</time></span>')
        else:
            shown = datetime.strptime(l["published"][:19], "%Y-%m-%dT%H:%M:%S").strftime("%d/%m/%Y à %H:%M")
            parts.append(f'<span class="sc-1x0vz2r-0 {css_hash("time")}"><time datetime="{esc(l["published"])}">{shown}</time></span>')
    if l["category"]:
        if old:
            parts.append(f'<div class="sc-172bdcdc-0 {css_hash("cat")}"><span class="sc-1x0vz2r-0 fjZBup">{esc(l["category"])}</span></div>')
        else:
            parts.append(f'<div class="sc-172bdcdc-0 {css_hash("cat")}" aria-label="Category {esc(l["category"])}"><svg viewBox="0 0 24 24"><title>Categorie</title><path d="M4 4h16v16H4z"/></svg><span class="sc-1x0vz2r-0 fjZBup">{esc(l["category"])}</span></div>')
    parts.append("</div>")
    if l["attributes"]:
        rows = []
        for label, value in l["attributes"]:
            icon = f'{AVITO}/phoenix-assets/imgs/adparams/{digest(label)[:10]}.svg'
            rows.append(f'<div class="sc-cd1c365e-1 clDxnX"><img alt="{esc(label)}" src="{icon}" class="sc-cd1c365e-2">'
                        f'<div class="sc-cd1c365e-3"><span class="sc-1x0vz2r-0 fjZBup">{esc(value)}</span>'
                        f'<span class="sc-1x0vz2r-0 bXFCIH">{esc(label)}</span></div></div>')
        parts.append(f'<div class="sc-b59a33d2-3 {css_hash("attrs")}"><div class="sc-cd1c365e-0 bERAxq">' + "".join(rows) + "</div></div>")
    if l["equipments"]:
        rows = []
        for name in l["equipments"]:
            img = "" if old else f'<img alt="{esc(name)}" src="{AVITO}/phoenix-assets/imgs/adparams/{digest(name)[:10]}.svg" class="sc-cd1c365e-2">'
            rows.append(f'<div class="sc-cd1c365e-1 {css_hash("eq")}">{img}<span class="sc-1x0vz2r-0 fjZBup">{esc(name)}</span></div>')
        parts.append(f'<div class="sc-b59a33d2-3 {css_hash("equip")}"><h2 class="sc-1x0vz2r-0 {css_hash("h2")}">Équipements</h2>'
                     f'<div class="sc-cd1c365e-0 bERAxq">' + "".join(rows) + "</div></div>")
    if l["description"]:
        if old:
            parts.append(f'<div class="sc-7378144c-0 {css_hash("desc")}"><p>{esc(l["description"])}</p></div>')
        else:
            parts.append(f'<div class="sc-b59a33d2-3 {css_hash("descb")}"><h2 class="sc-1x0vz2r-0">Description</h2><div class="sc-b59a33d2-4"><p dir="auto">{esc(l["description"])}</p></div></div>')
    if l["seller"] or l["store"]:
        store = ('<a href="#" class="sc-1l0do2b-12">Voir la boutique</a><svg viewBox="0 0 24 24"><title>Store Icon</title><path d="M3 9h18v11H3z"/></svg>'
                 if l["store"] else "")
        name = f'<p class="sc-1l0do2b-9 {css_hash("seller")}">{esc(l["seller"])}</p>' if l["seller"] else ""
        if l["seller_url"]:
            name = f'<a href="{esc(l["seller_url"])}" class="sc-1l0do2b-8">{name}</a>'
        attr = "" if old else ' data-test="av_sellerInfo"'
        parts.append(f'<div class="sc-1l0do2b-0 {css_hash("sellerbox")}"{attr}>{name}{store}'
                     f'<button class="sc-1l0do2b-10" type="button">Afficher le numéro</button><button class="sc-1l0do2b-11" type="button">Chat</button></div>')
    parts.append(avito_similar(all_listings, l))
    parts.append("</div>")
    parts.append(avito_footer())
    return "".join(p if p.endswith("\n") else p + "\n" for p in parts)


def avito_list_page(mode, page, cards, has_next):
    base = AVITO_START[mode]
    url = base if page == 1 else f"{base}?o={page}"
    title = "Locations immobilières à louer au Maroc" if mode == "rent" else "Ventes immobilières au Maroc"
    parts = [avito_head(title, url, title, None, "listing", None), avito_header()]
    parts.append(f'<h1 class="sc-1x0vz2r-0 {css_hash("serp-h1")}">{title}</h1>')
    parts.append(f'<div class="sc-1nre5ec-0 {css_hash("serp")}"><div class="sc-1nre5ec-1 listing">')
    parts.extend(cards)
    parts.append("</div></div>")
    pages = []
    for n in range(1, page + 2 if has_next else page + 1):
        href = base if n == 1 else f"{base}?o={n}"
        pages.append(f'<a href="{esc(href)}" class="sc-1cf7u6r-0 {css_hash("pg")}{" active" if n == page else ""}">{n}</a>')
    if has_next:
        pages.append(f'<a href="{esc(base)}?o={page + 1}" class="sc-1cf7u6r-0 {css_hash("pg")}"><svg aria-labelledby="ChevronRightTitleID" viewBox="0 0 24 24"><title id="ChevronRightTitleID">ChevronRight</title><path d="M9 6l6 6-6 6"/></svg></a>')
    parts.append(f'<div class="sc-2y0ggl-0 {css_hash("pagination")}">' + "".join(pages) + "</div>")
    parts.append(avito_footer())
    return url, "".join(p if p.endswith("\n") else p + "\n" for p in parts)


# ---------------------------------------------------------------- Mubawab pages

MUBAWAB_CITIES = ["Casablanca", "Marrakech", "Rabat", "Tanger", "Agadir", "Fès", "Meknès", "Kénitra", "Temara",
                  "Mohammedia", "Bouskoura", "El Jadida", "Oujda", "Tétouan", "Salé", "Nador", "Essaouira"]
MUBAWAB_TYPES = [("appartements", "Appartements"), ("maisons", "Maisons"), ("villas-et-maisons-de-luxe", "Villas"),
                 ("riads", "Riads"), ("bureaux-et-commerces", "Bureaux"), ("terrains", "Terrains"),
                 ("locaux-commerciaux", "Locaux commerciaux"), ("fermes", "Fermes")]


def mubawab_head(title, canonical, description, page_type, listing_id, json_ld=None):
    ld = f'<script type="application/ld+json">{json.dumps(json_ld, ensure_ascii=False)}</script>\n' if json_ld else ""
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(title)} - Mubawab</title>
<meta name="description" content="{esc((description or title)[:160])}">
<meta property="og:site_name" content="Mubawab">
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="{esc(browser_url(canonical))}">
<link rel="canonical" href="{esc(browser_url(canonical))}">
<link rel="alternate" hreflang="ar" href="{esc(browser_url(canonical.replace('/fr/', '/ar/', 1)))}">
<link rel="preconnect" href="https://www.mubawab-media.com">
<link rel="shortcut icon" href="{MUBAWAB}/favicon.ico">
<link rel="stylesheet" type="text/css" href="{MUBAWAB}/css/main.{digest('mub-css')[:12]}.css">
<style>
{style_block('mubawab', 110)}
</style>
{analytics_script('mubawab', page_type, listing_id)}{ld}</head>
"""


def mubawab_header():
    types = "\n".join(f'<li><a href="{MUBAWAB}/fr/sc/{slug}-a-vendre">{esc(name)} à vendre</a></li><li><a href="{MUBAWAB}/fr/sc/{slug}-a-louer">{esc(name)} à louer</a></li>'
                      for slug, name in MUBAWAB_TYPES)
    return f"""<body class="fr">
<div id="header" class="header">
<a class="logoMubawab" href="{MUBAWAB}/fr"><img src="{MUBAWAB}/images/logo-mubawab.svg" alt="Mubawab"></a>
<ul class="mainMenu">
<li><a href="{MUBAWAB}/fr/cc/immobilier-a-vendre-all">Acheter</a></li>
<li><a href="{MUBAWAB}/fr/cc/immobilier-a-louer-all">Louer</a></li>
<li><a href="{MUBAWAB}/fr/listing-promotion">Immobilier neuf</a></li>
<li><a href="{MUBAWAB}/fr/prix-immobilier">Prix immobilier</a></li>
<li><a href="{MUBAWAB}/fr/myaccount/login">Mon compte</a></li>
</ul>
<ul class="subMenu">
{types}
</ul>
</div>
<div id="mainContent" class="mainContent">
"""


def mubawab_footer():
    cities = "\n".join(f'<li><a href="{MUBAWAB}/fr/ct/{esc(c.lower())}/immobilier-a-vendre-all">Immobilier à vendre {esc(c)}</a></li>'
                       f'<li><a href="{MUBAWAB}/fr/ct/{esc(c.lower())}/immobilier-a-louer-all">Immobilier à louer {esc(c)}</a></li>' for c in MUBAWAB_CITIES)
    return f"""</div>
<div id="footer" class="footer">
<div class="footerCol"><h4>Recherches populaires</h4><ul>
{cities}
</ul></div>
<div class="footerCol"><a href="{MUBAWAB}/fr/cms/conditions">Conditions d'utilisation</a> <a href="{MUBAWAB}/fr/cms/privacy">Confidentialité</a> <a href="{MUBAWAB}/fr/contact">Contact</a></div>
<p class="copyright">© Mubawab 2025</p>
</div>
<script type="text/javascript" src="{MUBAWAB}/js/main.{digest('mub-js')[:12]}.js" defer></script>
<script>var mbwConf={{"lang":"fr","country":"ma","currency":"DH","mapProvider":"leaflet"}};</script>
</body>
</html>
"""


def mubawab_card(l):
    image = l["images"][0] if l["images"] else MUBAWAB + "/images/no-photo.jpg"
    location = " ".join(l["location"].split())
    return f"""<div class="listingBox w100" linkref="{esc(l['url'])}">
<input type="hidden" class="adId" value="{l['id']}">
<div class="photoBox"><img src="{esc(image)}" alt="{esc(l['title'])}" loading="lazy"></div>
<div class="contentBox"><span class="priceTag hardShadow float-left">{esc(l['price'])}</span>
<h2 class="listingTit"><a href="{esc(l['url'])}" class="listingLink">{esc(l['title'])}</a></h2>
<h3 class="listingH3"><i class="icon-location"></i> {esc(location)}</h3>
<div class="adDetails">{''.join(f'<div class="adDetailFeature"><i class="{icon_for(t)}"></i><span>{esc(t)}</span></div>' for t in l['icons'])}</div>
</div></div>"""


def mubawab_promotion_box(n):
    url = f"{MUBAWAB}/fr/listing-promotion/{5200 + n}/residence-neuve-{n}"
    return f"""<div class="listingBox promotionListing w100" promotion-id="{5200 + n}" linkref="{url}">
<div class="promo-item"><a href="{url}"><h2 class="listingTit">Programme neuf — appartements du studio au 3 pièces</h2></a><span class="priceTag">À partir de 690 000 DH</span></div></div>"""


def mubawab_detail(l, all_listings, truncate=False):
    ld = {"@context": "https://schema.org", "@type": "Product", "name": l["title"], "description": l["description"],
          "url": browser_url(l["url"]), "image": l["images"][:3]}
    if l["agency"]:
        ld["offers"] = {"@type": "Offer", "seller": {"@type": "RealEstateAgent", "name": l["agency"]}}
    parts = [mubawab_head(l["title"], l["url"], l["description"], "adview", l["id"], ld), mubawab_header()]
    parts.append('<div class="mainInfoProp">')
    if l["crumbs"]:
        links = ' <i class="icon-right"></i> '.join(f'<a class="darkblue" href="{MUBAWAB}/fr/{digest(c)[:8]}">{esc(c)}</a>' for c in l["crumbs"])
        parts.append(f'<div class="adBread">{links}</div>')
    imgs = "".join(f'<img src="{esc(u)}" alt="{esc(l["title"])}">' for u in l["images"])
    # The gallery and the swipe strip carry the same photos: readers must de-duplicate.
    parts.append(f'<div class="picturesGallery"><div class="sliderPhotos">{imgs}</div></div><div class="flipsnap">{imgs}</div>')
    parts.append(f'<h1 class="searchTitle">{esc(l["title"])}</h1>')
    # The AMRES rewrite recorded a category line ("Appartement, à louer") the first scraper never
    # read; the page shows it as a tag under the title (selector inferred, see README).
    if l.get("category"):
        parts.append(f'<div class="adCategory"><span>{esc(l["category"])}</span></div>')
    icons = "".join(f'<div class="adDetailFeature"><i class="{icon_for(t)}"></i><span>{esc(t)}</span></div>' for t in l["icons"])
    parts.append(f'<div class="adDetails">{icons}</div>')
    parts.append(f'<div class="mainInfoPrice"><h3 class="orangeTit">{esc(l["price"])}</h3></div>')
    parts.append(f'<h3 class="greyTit">{esc(l["location"])}</h3>')
    parts.append(f'<div class="blockProp"><p>{esc(l["description"])}</p></div>')
    mains = "".join(f'<div class="adMainFeature"><div class="adMainFeatureContent"><p class="adMainFeatureContentLabel">{esc(k)}</p>'
                    f'<p class="adMainFeatureContentValue">{esc(v)}</p></div></div>' for k, v in l["main"])
    parts.append(f'<div class="caractBlockProp"><h3>Caractéristiques générales</h3>{mains}</div>')
    feats = "".join(f'<div class="adFeature"><i class="icon-check"></i><span>{esc(a)}</span></div>' for a in l["amenities"])
    parts.append(f'<div class="adFeatures"><h3>Équipements et services</h3>{feats}</div>')
    if l["lat"] and l["lng"]:
        parts.append(f'<div class="prop-map-holder"><div id="mapOpen" lat="{esc(l["lat"])}" lon="{esc(l["lng"])}"></div>'
                     f'<input type="hidden" id="latField" value="{esc(l["lat"])}"><input type="hidden" id="lngField" value="{esc(l["lng"])}">'
                     f'<input type="hidden" id="locationId" value="{esc(l["location_id"] or "")}"><input type="hidden" id="locationType" value="{esc(l.get("location_type") or "")}"></div>')
    if l["agency"] or l["agency_url"]:
        logo = f'<img src="{esc(l["agency_logo"])}" alt="logo">' if l["agency_logo"] else ""
        parts.append(f'<div class="businessInfo"><a href="{esc(l["agency_url"] or "#")}">{logo}</a><span class="businessName">{esc(l["agency"] or "")}</span>'
                     f'<a class="linkAgency" href="{esc(l["agency_url"] or "#")}">Voir toutes les annonces</a></div>')
    parts.append('<div class="phone-number-box"><button class="contactPhoneClick">Afficher le téléphone</button></div>')
    parts.append("</div>")
    others = [o for o in all_listings if o["id"] != l["id"]]
    start = int(digest(l["id"])[:6], 16) % len(others)
    similar = "\n".join(mubawab_card(o) for o in (others[start:] + others[:start])[:8])
    parts.append(f'<div class="similarAds"><h2>Annonces similaires</h2>\n{similar}\n</div>')
    parts.append(mubawab_footer())
    page = "".join(p if p.endswith("\n") else p + "\n" for p in parts if p)
    if truncate:
        # A connection cut mid-transfer: chrome made it, the ad did not.
        page = page[:page.index('<div class="mainInfoProp">') + 200]
    return page


def mubawab_list_page(mode, page, cards, has_next):
    base = MUBAWAB_START[mode]
    url = base if page == 1 else f"{base}:p:{page}"
    title = "Immobilier à louer au Maroc" if mode == "rent" else "Immobilier à vendre au Maroc"
    parts = [mubawab_head(title, url, title, "listing", None), mubawab_header()]
    parts.append(f'<h1 class="srpTitle">{title}</h1><p class="resultNum">(résultats triés du plus récent au plus ancien)</p>')
    parts.append('<ul class="ulListing">')
    parts.extend(f"<li>{c}</li>" for c in cards)
    parts.append("</ul>")
    dots = "".join(f'<a href="{esc(base if n == 1 else f"{base}:p:{n}")}" class="Dots{" active" if n == page else ""}">{n}</a>'
                   for n in range(1, page + 2 if has_next else page + 1))
    if has_next:
        dots += f'<a href="{esc(base)}:p:{page + 1}" class="arrowDot" rel="next"><i class="icon-right-open"></i></a>'
    parts.append(f'<div class="paginationDots sMargTop centered">{dots}</div>')
    parts.append(mubawab_footer())
    return url, "".join(p if p.endswith("\n") else p + "\n" for p in parts)


# ---------------------------------------------------------------- assembly

def paginate(cards):
    """Pages of CARDS_PER_PAGE, each after the first repeating the previous page's last SHIFT cards."""
    pages, i = [], 0
    while True:
        pages.append(cards[i:i + CARDS_PER_PAGE])
        if i + CARDS_PER_PAGE >= len(cards):
            return pages
        i += CARDS_PER_PAGE - SHIFT


def with_extras(pages, extra):
    """Puts one non-ad card in the middle of each page."""
    return [p[:len(p) // 2] + [extra(n)] + p[len(p) // 2:] for n, p in enumerate(pages)]


def robots(site, host, disallow):
    text = "User-agent: *\n" + "".join(f"Disallow: {d}\n" for d in disallow) + "Allow: /fr/\n\n" + f"Sitemap: {host}/sitemap.xml\n"
    write(f"{site}/robots.txt", text)
    add(host + "/robots.txt", f"{site}/robots.txt", "robots", site, content_type="text/plain; charset=utf-8")


def build_avito():
    listings = load_avito()
    ordered = [listings[k] for k in sorted(listings)]
    good = [l for l in ordered if l["title"]]
    for l in ordered:
        rel = f"avito/detail/{l['id']}.html"
        write(rel, avito_detail(l, good))
        add(l["url"], rel, "detail", "avito", "listing" if l["title"] else "layout_changed",
            {"file": l["origin"], "id": l["id"]})
    # A rent-SERP URL from the original's Airflow logs, served as the 502 the original recorded for
    # some detail fetches (docs/sites.md §6); the record files hold no error-only payload to take it from.
    failed = None
    for row in csv.DictReader(open(RECORDS / AIRFLOW_URLS, encoding="utf-8")):
        if row["id_from_url"] not in listings and "louer" in row["serp_url"]:
            failed = {"id": row["id_from_url"], "url": row["url"], "mode": "rent", "title": row["url"].rsplit("/", 1)[1][:-4].replace("_", " "),
                      "price": None, "category": None, "crumbs": [], "images": []}
            break
    write("avito/detail/502.html", "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n</body>\n</html>\n")
    add(failed["url"], "avito/detail/502.html", "detail", "avito", "fetch_failure",
        {"file": AIRFLOW_URLS, "id": failed["id"]}, status=502)
    for mode in ("rent", "sale"):
        members = [l for l in ordered if l["mode"] == mode] + ([failed] if mode == "rent" else [])
        members.sort(key=lambda l: digest("avito-order", l["id"]))
        pages = with_extras(paginate([avito_card(l) for l in members]), avito_immoneuf_card)
        for n, cards in enumerate(pages, start=1):
            url, text = avito_list_page(mode, n, cards, n < len(pages))
            rel = f"avito/list/{mode}-{n}.html"
            write(rel, text)
            add(url, rel, "list", "avito")
    write_arabic_variants(listings, good)
    robots("avito", AVITO, ["/fr/account/", "/fr/ai$", "/fr/recherche?*", "/*/messagerie"])


def write_arabic_variants(listings, good):
    """Pages for superseded payloads that showed Arabic crumbs (one scrape of four showed the city
    as الدار البيضاء). Not in the manifest, since their URL serves the latest payload; parser tests
    read them directly."""
    for line in open(RECORDS / AVITO_RAW, encoding="utf-8"):
        row = json.loads(line)
        p = json.loads(row["payload"])
        if p.get("breadcrumbs") and re.search("[\u0600-\u06ff]", p["breadcrumbs"]) and row["id"] in listings:
            stamp = re.sub(r"\D", "", row["ingest_ts"])[:14]
            write(f"avito/variants/{row['id']}_{stamp}.html", avito_detail(old_avito_listing(p, AVITO_RAW), good))


def build_mubawab():
    listings = load_mubawab()
    ordered = [listings[k] for k in sorted(listings)]
    truncated_id = sorted(l["id"] for l in ordered if l["origin"] == MUBAWAB_CSV)[0]
    for l in ordered:
        rel = f"mubawab/detail/{l['id']}.html"
        broken = l["id"] == truncated_id
        write(rel, mubawab_detail(l, ordered, truncate=broken))
        add(l["url"], rel, "detail", "mubawab", "layout_changed" if broken else "listing",
            {"file": l["origin"], "id": l["id"]})
    for mode in ("rent", "sale"):
        members = sorted((l for l in ordered if l["mode"] == mode), key=lambda l: digest("mubawab-order", l["id"]))
        pages = with_extras(paginate([mubawab_card(l) for l in members]), mubawab_promotion_box)
        for n, cards in enumerate(pages, start=1):
            url, text = mubawab_list_page(mode, n, cards, n < len(pages))
            rel = f"mubawab/list/{mode}-{n}.html"
            write(rel, text)
            add(url, rel, "list", "mubawab")
    robots("mubawab", MUBAWAB, ["/fr/myaccount/", "/fr/ajax/", "/fr/print/", "/*?*sort="])


# ---------------------------------------------------------------- used phones (docs/sites.md §3, §4, §5)

MOBILEMASR_CSV = "mobilemasr_search_iphone13_used_2025-10-21.csv"
DUBIZZLE_CSV = "dubizzle_eg_search_iphone13_2025-10-21.csv"
MOBILEMASR = "https://mobilemasr.com"
NOON = "https://www.noon.com"
DUBIZZLE = "https://www.dubizzle.com.eg"
MOBILEMASR_SEARCH = MOBILEMASR + "/search?q=iphone+13&filter_3_الحاله_ar=مستعمل&page="
# The Algolia search the site's own search box runs (docs/sites.md §3), as a GET (Algolia's "search an
# index" form) on the Mobile Masr host: the real API is POST https://<APP_ID>-dsn.algolia.net/...
# with the site's search-only key, which this offline sample has no use for.
MOBILEMASR_ALGOLIA = MOBILEMASR + "/algolia/1/indexes/Variant_new_index?query=iphone%2013&hitsPerPage=24&page="
NOON_API_SEARCH = NOON + "/_svc/catalog/api/v3/search/?q=smartphones&limit=12&page="
NOON_HTML_SEARCH = NOON + "/egypt-en/search/?q=smartphones"
DUBIZZLE_SEARCH = DUBIZZLE + "/en/mobile-phones-tablets-accessories-numbers/mobile-phones/q-iphone-13/"
JSON_TYPE = "application/json; charset=utf-8"
# The word a Mobile Masr slug ends with before the code: the condition the vendor filed the phone under.
MOBILEMASR_CONDITIONS = ("ممتاز", "جديد", "مستعمل")

# Noon: no scraped records are public, so these are realistic products written by hand (names,
# SKUs in Noon's N…A form, EGP prices as Noon showed them in 2025), marked as such in the README.
# Columns: sku, offer, brand, name, model, storage, ram, colour, condition, now, was, seller, rating.
NOON_PRODUCTS = [
    ("N53346840A", "Z5C0E2A7B1D3F4A6", "Apple", "iPhone 13 128GB Midnight 5G With FaceTime - Middle East Version", "iPhone 13", "128 GB", "4 GB", "Midnight", "New", "31,999", "36,499", "noon", "4.6"),
    ("N53346856A", "Z8E1B2C3D4F5A6B7", "Apple", "iPhone 13 256GB Blue 5G With FaceTime - Middle East Version", "iPhone 13", "256 GB", "4 GB", "Blue", "New", "36,777", "41,999", "noon", "4.6"),
    ("N70035184V", "Z1A2B3C4D5E6F7A8", "Apple", "Renewed - iPhone 13 128GB Pink 5G With FaceTime", "iPhone 13", "128 GB", "4 GB", "Pink", "Renewed", "21,450", "26,999", "Renewed Hub", "4.1"),
    ("N70035190V", "Z2B3C4D5E6F7A8B9", "Apple", "Renewed - iPhone 13 Pro Max 256GB Sierra Blue 5G With FaceTime", "iPhone 13 Pro Max", "256 GB", "6 GB", "Sierra Blue", "Renewed", "33,899", "39,999", "Renewed Hub", "4.0"),
    ("N70041122V", "Z3C4D5E6F7A8B9C0", "Apple", "Renewed - iPhone 12 64GB Black 5G With FaceTime", "iPhone 12", "64 GB", "4 GB", "Black", "Renewed", "14,299", "17,500", "Mobile Shop EG", "3.9"),
    ("N70052871V", "Z4D5E6F7A8B9C0D1", "Apple", "Renewed - iPhone 14 Pro 256GB Deep Purple 5G With FaceTime", "iPhone 14 Pro", "256 GB", "6 GB", "Deep Purple", "Renewed", "41,999", "49,999", "Renewed Hub", "4.2"),
    ("N53433186A", "Z5E6F7A8B9C0D1E2", "Apple", "iPhone 15 128GB Black 5G With FaceTime - International Version", "iPhone 15", "128 GB", "6 GB", "Black", "New", "44,555", "52,999", "noon", "4.7"),
    ("N53433221A", "Z6F7A8B9C0D1E2F3", "Apple", "iPhone 15 Pro Max 256GB Natural Titanium 5G With FaceTime", "iPhone 15 Pro Max", "256 GB", "8 GB", "Natural Titanium", "New", "68,900", "74,999", "noon", "4.8"),
    ("N70067713V", "Z7A8B9C0D1E2F3A4", "Apple", "Renewed - iPhone 11 128GB White 4G With FaceTime", "iPhone 11", "128 GB", "4 GB", "White", "Renewed", "11,999", "14,999", "Mobile Shop EG", "3.8"),
    ("N53394015A", "Z8B9C0D1E2F3A4B5", "Samsung", "Galaxy A15 Dual SIM Blue Black 6GB RAM 128GB 4G - Middle East Version", "Galaxy A15", "128 GB", "6 GB", "Blue Black", "New", "6,899", "8,499", "noon", "4.4"),
    ("N53394022A", "Z9C0D1E2F3A4B5C6", "Samsung", "Galaxy A25 Dual SIM Light Blue 8GB RAM 256GB 5G", "Galaxy A25", "256 GB", "8 GB", "Light Blue", "New", "10,777", "12,999", "noon", "4.5"),
    ("N70012458A", "ZA0D1E2F3A4B5C6D", "Samsung", "Galaxy S24 Ultra Dual SIM Titanium Gray 12GB RAM 256GB 5G", "Galaxy S24 Ultra", "256 GB", "12 GB", "Titanium Gray", "New", "54,999", "64,999", "noon", "4.7"),
    ("N70089311V", "ZB1E2F3A4B5C6D7E", "Samsung", "Renewed - Galaxy S22 Ultra 256GB Phantom Black 12GB RAM 5G", "Galaxy S22 Ultra", "256 GB", "12 GB", "Phantom Black", "Renewed", "24,500", "31,000", "Renewed Hub", "3.9"),
    ("N53410987A", "ZC2F3A4B5C6D7E8F", "Samsung", "Galaxy M55 Dual SIM Light Green 8GB RAM 256GB 5G", "Galaxy M55", "256 GB", "8 GB", "Light Green", "New", "15,299", "17,999", "Smart Zone", "4.3"),
    ("N53399120A", "ZD3A4B5C6D7E8F9A", "Samsung", "Galaxy A05s Dual SIM Silver 4GB RAM 64GB 4G", "Galaxy A05s", "64 GB", "4 GB", "Silver", "New", "4,099", "5,899", "noon", "4.3"),
    ("N70017745A", "ZE4B5C6D7E8F9A0B", "Xiaomi", "Redmi Note 13 Pro Dual SIM Midnight Black 8GB RAM 256GB 4G", "Redmi Note 13 Pro", "256 GB", "8 GB", "Midnight Black", "New", "12,499", "14,999", "noon", "4.5"),
    ("N70017752A", "ZF5C6D7E8F9A0B1C", "Xiaomi", "Redmi 13C Dual SIM Navy Blue 4GB RAM 128GB 4G", "Redmi 13C", "128 GB", "4 GB", "Navy Blue", "New", "4,999", "6,299", "noon", "4.4"),
    ("N70088430A", "Z06D7E8F9A0B1C2D", "Xiaomi", "Poco X6 Pro Dual SIM Yellow 12GB RAM 512GB 5G", "Poco X6 Pro", "512 GB", "12 GB", "Yellow", "New", "17,999", "20,999", "Smart Zone", "4.6"),
    ("N70090118V", "Z17E8F9A0B1C2D3E", "Xiaomi", "Renewed - Redmi Note 12 Dual SIM Onyx Gray 8GB RAM 128GB", "Redmi Note 12", "128 GB", "8 GB", "Onyx Gray", "Renewed", "6,350", "8,199", "Mobile Shop EG", "3.7"),
    ("N70023341A", "Z28F9A0B1C2D3E4F", "OPPO", "Reno 13 Dual SIM Luminous Blue 12GB RAM 256GB 5G", "Reno 13", "256 GB", "12 GB", "Luminous Blue", "New", "24,999", "27,999", "noon", "4.5"),
    ("N70023358A", "Z39A0B1C2D3E4F5A", "OPPO", "A79 Dual SIM Glowing Green 8GB RAM 256GB 5G", "A79", "256 GB", "8 GB", "Glowing Green", "New", "11,299", "13,499", "Smart Zone", "4.2"),
    ("N70031904A", "Z4AB1C2D3E4F5A6B", "realme", "C67 Dual SIM Sunny Oasis 8GB RAM 256GB 4G", "C67", "256 GB", "8 GB", "Sunny Oasis", "New", "8,199", "9,999", "noon", "4.4"),
    ("N70031911A", "Z5BC2D3E4F5A6B7C", "realme", "12 Pro+ Dual SIM Submarine Blue 12GB RAM 512GB 5G", "12 Pro+", "512 GB", "12 GB", "Submarine Blue", "New", "21,999", "25,999", "noon", "4.5"),
    ("N70044562A", "Z6CD3E4F5A6B7C8D", "HONOR", "X9b Dual SIM Sunrise Orange 12GB RAM 256GB 5G", "X9b", "256 GB", "12 GB", "Sunrise Orange", "New", "15,999", "18,999", "noon", "4.4"),
    ("N70044579A", "Z7DE4F5A6B7C8D9E", "HONOR", "Magic6 Lite Dual SIM Midnight Black 8GB RAM 256GB 5G", "Magic6 Lite", "256 GB", "8 GB", "Midnight Black", "New", "14,450", "16,999", "Smart Zone", "4.3"),
    ("N70050117A", "Z8EF5A6B7C8D9E0F", "vivo", "Y36 Dual SIM Meteor Black 8GB RAM 256GB 4G", "Y36", "256 GB", "8 GB", "Meteor Black", "New", "8,999", "10,499", "noon", "4.3"),
    ("N70050124A", "Z9F06B7C8D9E0F1A", "vivo", "V30 Dual SIM Peacock Green 12GB RAM 512GB 5G", "V30", "512 GB", "12 GB", "Peacock Green", "New", "23,499", "26,999", "noon", "4.5"),
    ("N70061183A", "ZA017C8D9E0F1A2B", "Huawei", "nova 12i Dual SIM Black 8GB RAM 128GB 4G", "nova 12i", "128 GB", "8 GB", "Black", "New", "9,799", "11,999", "Smart Zone", "4.2"),
    ("N70072290A", "ZB128D9E0F1A2B3C", "OnePlus", "Nord CE 3 Lite Dual SIM Pastel Lime 8GB RAM 128GB 5G", "Nord CE 3 Lite", "128 GB", "8 GB", "Pastel Lime", "New", "10,999", "12,999", "noon", "4.4"),
    ("N70095506V", "ZC239E0F1A2B3C4D", "Samsung", "Renewed - Galaxy Z Flip4 128GB Bora Purple 8GB RAM 5G", "Galaxy Z Flip4", "128 GB", "8 GB", "Bora Purple", "Renewed", "17,899", "22,999", "Renewed Hub", "3.6"),
]
NOON_FIELDS = ["id", "offer", "brand", "name", "model", "storage", "ram", "colour", "condition", "price", "was", "seller", "rating"]


def mobilemasr_code(url):
    return re.search(r"-([a-z]{2}\d{6})$", url).group(1)


def dubizzle_id(url):
    return re.search(r"-ID(\d+)\.html$", url).group(1)


def load_mobilemasr():
    rows = list(csv.DictReader(open(RECORDS / MOBILEMASR_CSV, encoding="utf-8-sig")))
    for r in rows:
        r["id"] = mobilemasr_code(r["url"])
        slug = urllib.parse.unquote(r["url"].rsplit("/", 1)[1])
        r["condition"] = next((w for w in MOBILEMASR_CONDITIONS if slug.endswith("-" + w + "-" + r["id"])), None)
        c = r["other_conditions"]
        r["badge_label"] = "صحة البطارية" if c.endswith("%") else "الضمان" if c.startswith("ضمان") else "الدرجة"
    return rows


def load_dubizzle():
    """Every row of the record (14 result pages); a re-listed ad keeps its first appearance."""
    rows = list(csv.DictReader(open(RECORDS / DUBIZZLE_CSV, encoding="utf-8")))
    for r in rows:
        r["id"] = dubizzle_id(r["url"])
    return rows


def noon_products():
    products = [dict(zip(NOON_FIELDS, p)) for p in NOON_PRODUCTS]
    for p in products:
        p["slug"] = re.sub(r"[^a-z0-9]+", "-", p["name"].lower()).strip("-")
        p["image_key"] = "v1" + digest("noon", p["id"])[:10] + "/" + p["id"].lower()
        now, was = (int(p[k].replace(",", "")) for k in ("price", "was"))
        p["discount"] = f"{round(100 * (was - now) / was)}% OFF"
        p["url"] = f"{NOON}/egypt-en/{p['slug']}/{p['id']}/p/?o={p['offer'].lower()}"
    return products


def phone_head(lang, title, canonical, site_name, stylesheet, seed, extra=""):
    direction = "rtl" if lang == "ar" else "ltr"
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {site_name}</title>
<meta property="og:site_name" content="{site_name}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="{esc(browser_url(canonical))}">
<link rel="canonical" href="{esc(browser_url(canonical))}">
<link rel="stylesheet" href="{stylesheet}">
<style>
{style_block(seed, 60)}
</style>
{extra}</head>
"""


def nav_links(host, paths):
    return "\n".join(f'<li><a href="{host}{esc(p)}">{esc(n)}</a></li>' for p, n in paths)


MOBILEMASR_NAV = [("/category/موبايل/products", "موبايل"), ("/category/تابلت/products", "تابلت"),
                  ("/category/اكسسوارات/products", "اكسسوارات"), ("/category/ساعات-ذكية/products", "ساعات ذكية"),
                  ("/vendors", "المتاجر"), ("/sell", "بيع موبايلك"), ("/en", "English")]


def mobilemasr_chrome(body):
    return (f'<body class="font-cairo bg-gray-50">\n<header class="sticky top-0 z-40 bg-white shadow-sm"><div class="container mx-auto flex items-center justify-between px-4 py-2">'
            f'<a href="{MOBILEMASR}/" class="flex items-center"><img src="{MOBILEMASR}/images/logo.svg" alt="موبايل مصر" class="h-8"></a>'
            f'<form action="{MOBILEMASR}/search" class="flex-1 mx-4"><input name="q" class="w-full rounded-lg border px-3 py-2" placeholder="ابحث عن موبايل"></form></div>'
            f'<nav class="border-t"><ul class="container mx-auto flex gap-4 px-4 py-2 text-sm">\n{nav_links(MOBILEMASR, MOBILEMASR_NAV)}\n</ul></nav></header>\n'
            f'<main class="container mx-auto px-4 py-6">\n{body}\n</main>\n'
            f'<footer class="bg-gray-900 text-gray-300 mt-10"><div class="container mx-auto grid grid-cols-2 gap-6 px-4 py-8 md:grid-cols-4">'
            f'<ul>\n{nav_links(MOBILEMASR, MOBILEMASR_NAV)}\n</ul><ul><li><a href="{MOBILEMASR}/about">من نحن</a></li><li><a href="{MOBILEMASR}/terms">الشروط والأحكام</a></li>'
            f'<li><a href="{MOBILEMASR}/privacy">سياسة الخصوصية</a></li><li><a href="{MOBILEMASR}/contact">اتصل بنا</a></li></ul></div>'
            f'<p class="text-center text-xs py-4">© 2025 موبايل مصر</p></footer>\n'
            f'<script src="{MOBILEMASR}/build/assets/app-{digest("mm-js")[:8]}.js" defer></script>\n</body>\n</html>\n')


def vendor_url(name):
    return f"{MOBILEMASR}/vendors/{digest('vendor', name)[:8]}"


def mobilemasr_card(r):
    return (f'<div class="product-card relative flex flex-col overflow-hidden rounded-xl border bg-white shadow-sm">'
            f'<a href="{esc(r["url"])}" class="block"><img src="{MOBILEMASR}/storage/variants/{r["id"]}/thumb.webp" alt="" loading="lazy" class="h-40 w-full object-contain">'
            f'<div class="px-2"><p class="h-[47px] font-semibold text-sm leading-6 line-clamp-2">{esc(r["product_name"])}</p></div></a>'
            f'<div class="flex items-center justify-between px-2"><p class="text-primary font-bold"><span class="text-sm">{esc(r["price"])} جنيه</span></p></div>'
            f'<div class="flex flex-wrap gap-1 px-2"><span class="inline-flex items-center rounded-full bg-green-100 px-2 text-xs text-green-800">{esc(r["other_conditions"])}</span></div>'
            f'<a class="flex items-center space-x-2 py-1 rounded" href="{vendor_url(r["author"])}"><img src="{MOBILEMASR}/images/store.svg" alt="" class="h-5 w-5">'
            f'<div><div><p class="text-xs text-gray-600">{esc(r["author"])}</p></div></div></a></div>')


def mobilemasr_detail(r, broken=False):
    title = "" if broken else f'<h1 class="text-xl font-bold leading-8">{esc(r["product_name"])}</h1>'
    specs = [("الحالة", r["condition"]), (r["badge_label"], r["other_conditions"])]
    rows = "".join(f'<tr class="border-b"><th class="py-2 text-gray-500">{esc(k)}</th><td class="py-2">{esc(v)}</td></tr>' for k, v in specs if v)
    body = (f'<nav class="text-xs text-gray-500"><a href="{MOBILEMASR}/">الرئيسية</a> / <a href="{MOBILEMASR}/category/موبايل/products">موبايل</a></nav>\n'
            f'<div id="product" class="grid gap-6 md:grid-cols-2"><div class="gallery">'
            + "".join(f'<img src="{MOBILEMASR}/storage/variants/{r["id"]}/{n}.webp" alt="{esc(r["product_name"])}">' for n in range(1, 4))
            + f'</div><div class="space-y-3">{title}'
            f'<p class="text-2xl font-bold text-primary"><span class="text-sm">{esc(r["price"])} جنيه</span></p>'
            f'<div class="flex flex-wrap gap-1"><span class="inline-flex items-center rounded-full bg-green-100 px-2 text-xs">{esc(r["other_conditions"])}</span></div>'
            f'<table class="specs w-full text-sm">{rows}</table>'
            f'<a class="flex items-center space-x-2 py-1 rounded" href="{vendor_url(r["author"])}"><img src="{MOBILEMASR}/images/store.svg" alt="" class="h-5 w-5"><div><div><p class="text-xs">{esc(r["author"])}</p></div></div></a>'
            f'<button class="add-to-cart w-full rounded-lg bg-primary py-3 text-white">أضف إلى السلة</button></div></div>')
    return phone_head("ar", r["product_name"], r["url"], "موبايل مصر", f"{MOBILEMASR}/build/assets/app.css", "mobilemasr") + mobilemasr_chrome(body)


MOBILEMASR_BRANDS = {"ايفون": "Apple", "سامسونج": "Samsung", "شاومي": "Xiaomi", "اوبو": "Oppo", "هواوي": "Huawei",
                     "فيفو": "vivo", "وان بلس": "OnePlus"}
# Colour words of the slugs that carry no English name in parentheses.
MOBILEMASR_COLOURS = {"أزرق": "Blue", "أسود": "Black", "اخضر": "Green", "وردى": "Pink", "أبيض": "White", "ذهبي": "Gold",
                      "أزرق فاتح": "Light Blue", "اسود فانتوم": "Phantom Black", "اخضر فانتوم": "Phantom Green"}
MOBILEMASR_VARIANT_TYPES = {"ممتاز": "Excellent", "جديد": "New", "مستعمل": "Used"}
MOBILEMASR_TITLE = re.compile(r"^(" + "|".join(MOBILEMASR_BRANDS) + r") (.+?) رامات (\d+) جيجابايت (\d+)")


def mobilemasr_hit(r):
    """An Algolia hit of the record. Brand, model, RAM and storage come from the title, whose start
    is never truncated; the colour from the URL slug, which is complete where the title is cut."""
    brand, model, ram, storage = MOBILEMASR_TITLE.match(r["product_name"]).groups()
    slug = urllib.parse.unquote(r["url"].rsplit("/", 1)[1])[:-len("-" + r["id"])]
    colour = re.search(r"جيجابايت-([^0-9]+?)-(?:" + "|".join(MOBILEMASR_CONDITIONS) + ")$", slug).group(1)
    english = re.search(r"\(([a-z-]+)\)$", colour)
    c = r["other_conditions"]
    return {
        "id": int(r["id"][2:]), "sku": r["id"], "slug_en": slug, "brand_en": MOBILEMASR_BRANDS[brand],
        "item_en": f"iPhone {model}" if brand == "ايفون" else model, "ram_en": f"{ram} GB", "storage_en": f"{storage} GB",
        "color_en": english.group(1).replace("-", " ").title() if english else MOBILEMASR_COLOURS[colour.replace("-", " ")],
        "variant_type_en": MOBILEMASR_VARIANT_TYPES[r["condition"]],
        "battery_health": int(c[:-1]) if c.endswith("%") else None,
        "sale_price": int(r["price"].replace(",", "")), "original_price": None,
        "is_warranty": c.startswith("ضمان"), "is_insurance": None, "sim_en": None,
        "vendor_storename": r["author"], "seller_user_name": None, "objectID": str(int(r["id"][2:])),
    }


def mobilemasr_algolia_page(rows, page, per_page):
    pages = (len(rows) + per_page - 1) // per_page
    return {"hits": [mobilemasr_hit(r) for r in rows[page * per_page:(page + 1) * per_page]], "nbHits": len(rows),
            "page": page, "nbPages": pages, "hitsPerPage": per_page, "exhaustiveNbHits": True, "query": "iphone 13",
            "params": f"query=iphone%2013&hitsPerPage={per_page}&page={page}", "processingTimeMS": 1}


def build_mobilemasr():
    rows = load_mobilemasr()
    broken = rows[-1]["id"]
    for r in rows:
        rel = f"mobilemasr/detail/{r['id']}.html"
        write(rel, mobilemasr_detail(r, broken=r["id"] == broken))
        add(r["url"], rel, "detail", "mobilemasr", "layout_changed" if r["id"] == broken else "listing",
            {"file": MOBILEMASR_CSV, "id": r["id"]})
    pages = sorted({int(r["page"]) for r in rows})
    for n in pages:
        cards = "\n".join(mobilemasr_card(r) for r in rows if int(r["page"]) == n)
        nxt = f'<a rel="next" href="{esc(browser_url(MOBILEMASR_SEARCH + str(n + 1)))}" class="rounded border px-3 py-1">التالي</a>' if n < pages[-1] else ""
        body = (f'<h1 class="text-lg font-bold">نتائج البحث عن: iphone 13</h1>\n<div class="grid grid-cols-2 gap-3 md:grid-cols-4">\n{cards}\n</div>\n'
                f'<nav class="pagination flex justify-center gap-2 py-6"><span class="rounded bg-primary px-3 py-1 text-white">{n}</span>{nxt}</nav>')
        url = MOBILEMASR_SEARCH + str(n)
        # The HTML search pages: the fallback when Algolia is refused; not linked from the API, so
        # kept out of the manifest and read directly by the parser tests.
        write(f"mobilemasr/variants/search-{n}.html",
              phone_head("ar", "نتائج البحث", url, "موبايل مصر", f"{MOBILEMASR}/build/assets/app.css", "mobilemasr") + mobilemasr_chrome(body))
    # The crawl starts at Algolia: one page per result page of the record, in the record's order.
    per_page = sum(1 for r in rows if r["page"] == "1")
    assert len({mobilemasr_hit(r)["id"] for r in rows}) == len(rows), "Algolia ids must be unique"
    for n in range((len(rows) + per_page - 1) // per_page):
        rel = f"mobilemasr/algolia/search-{n}.json"
        write(rel, json.dumps(mobilemasr_algolia_page(rows, n, per_page), ensure_ascii=False, indent=1) + "\n")
        add(MOBILEMASR_ALGOLIA + str(n), rel, "list", "mobilemasr", content_type=JSON_TYPE)
    write("mobilemasr/robots.txt", "User-agent: *\nDisallow: /cart\nDisallow: /checkout\nDisallow: /account/\n\nSitemap: https://mobilemasr.com/sitemap.xml\n")
    add(MOBILEMASR + "/robots.txt", "mobilemasr/robots.txt", "robots", "mobilemasr", content_type="text/plain; charset=utf-8")


NOON_NAV = [("/egypt-en/electronics-and-mobiles/", "Electronics"), ("/egypt-en/electronics-and-mobiles/mobiles-and-accessories/mobiles-20905/", "Mobiles"),
            ("/egypt-en/fashion/", "Fashion"), ("/egypt-en/home-and-kitchen/", "Home & Kitchen"), ("/egypt-en/beauty/", "Beauty"),
            ("/egypt-en/toys-and-games/", "Toys"), ("/egypt-en/sports-and-outdoors/", "Sports")]


def noon_chrome(body, next_data):
    return (f'<body>\n<div id="__next"><header class="Header_header__x1"><a href="{NOON}/egypt-en/" aria-label="noon"><img src="https://f.nooncdn.com/s/app/com/noon/design-system/logos/noon-logo-en.svg" alt="noon"></a>'
            f'<input id="searchBar" type="text" placeholder="What are you looking for?"><nav><ul>\n{nav_links(NOON, NOON_NAV)}\n</ul></nav></header>\n'
            f'<main class="Layout_main__y2">\n{body}\n</main>\n<footer class="Footer_footer__z3"><ul>\n{nav_links(NOON, NOON_NAV)}\n</ul>'
            f'<p>© 2025 noon. All Rights Reserved</p></footer></div>\n'
            f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(next_data, ensure_ascii=False)}</script>\n</body>\n</html>\n')


def noon_price_block(p, qa_now, qa_was):
    return (f'<div class="Price_priceBlock__a1"><span class="currency">EGP</span> <strong class="amount" data-qa="{qa_now}">{p["price"]}</strong> '
            f'<span class="priceWas" data-qa="{qa_was}">{p["was"]}</span> <span class="discount">{p["discount"]}</span></div>')


def noon_detail(p, broken=False):
    # The broken page: a redesign renamed the product-name hook, as Next.js rebuilds do.
    name_qa = "pdp-name-v2" if broken else "pdp-name"
    specs = [("Brand", p["brand"]), ("Model Name", p["model"]), ("Internal Memory", p["storage"]), ("RAM Size", p["ram"]),
             ("Colour Name", p["colour"]), ("Condition", p["condition"]), ("Operating System", "iOS" if p["brand"] == "Apple" else "Android")]
    rows = "".join(f'<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>' for k, v in specs)
    imgs = "".join(f'<img src="https://f.nooncdn.com/p/{p["image_key"]}_{n}.jpg" alt="{esc(p["name"])}">' for n in range(1, 4))
    body = (f'<div class="PDP_wrapper__b2"><div class="ImageGallery_gallery__c3">{imgs}</div><div class="CoreDetails_details__d4">'
            f'<div data-qa="pdp-brand"><a href="{NOON}/egypt-en/{p["brand"].lower()}/">{esc(p["brand"])}</a></div>'
            f'<h1 data-qa="{name_qa}">{esc(p["name"])}</h1>'
            f'<div class="Rating_rating__e5"><span>{p["rating"]}</span></div>'
            f'<div data-qa="pdp-price">{noon_price_block(p, "pdp-price-final", "pdp-price-was")}</div>'
            f'<div class="Seller_seller__f6">Sold by <a data-qa="pdp-seller-name" href="{NOON}/egypt-en/seller/{digest("seller", p["seller"])[:8]}/">{esc(p["seller"])}</a></div>'
            f'<button data-qa="pdp-add-to-cart">Add To Cart</button></div>'
            f'<section class="Specifications_specs__g7"><h2>Specifications</h2><table data-qa="pdp-specifications">{rows}</table></section></div>')
    canonical = p["url"].split("?")[0]
    extra = f'<link rel="preconnect" href="https://f.nooncdn.com">\n'
    next_data = {"props": {"pageProps": {"catalog": {"sku": p["id"], "offer_code": p["offer"].lower()}}}, "page": "/[locale]/[...slug]", "buildId": digest("noon-build")[:12]}
    return phone_head("en", p["name"], canonical, "noon Egypt", "https://f.nooncdn.com/s/app/com/noon/css/main.css", "noon", extra) + noon_chrome(body, next_data)


def noon_card(p):
    return (f'<div data-qa="product-block" class="ProductBoxLinkHandler_linkWrapper__h8"><a href="{esc(p["url"])}">'
            f'<img src="https://f.nooncdn.com/p/{p["image_key"]}_1.jpg" alt=""><div data-qa="product-name" title="{esc(p["name"])}">{esc(p["name"])}</div>'
            f'<div data-qa="price-amount">{noon_price_block(p, "price-now", "price-was")}</div></a></div>')


def noon_api_page(products, page, per_page, pages):
    start = (page - 1) * per_page
    # Ranking moves while a crawl pages through results: each page repeats the previous page's last hit.
    chunk = products[max(0, start - 1):start + per_page]
    hits = [{"sku": p["id"], "name": p["name"], "brand": p["brand"], "price": int(p["was"].replace(",", "")),
             "sale_price": int(p["price"].replace(",", "")), "offer_code": p["offer"].lower(), "url": p["slug"],
             "image_key": p["image_key"], "is_buyable": True, "rating": {"average": float(p["rating"])}} for p in chunk]
    return {"nbHits": len(products), "nbPages": pages, "page": page, "hits": hits,
            "search": {"query": "smartphones", "locale": "en-eg"}, "type": "catalog"}


def build_noon():
    products = noon_products()
    write("noon/products.csv", "".join(
        ",".join('"' + str(p[k]).replace('"', '""') + '"' for k in NOON_FIELDS + ["url", "discount"]) + "\n"
        for p in [{k: k for k in NOON_FIELDS + ["url", "discount"]}] + products))
    broken = products[-1]["id"]
    for p in products:
        rel = f"noon/detail/{p['id']}.html"
        write(rel, noon_detail(p, broken=p["id"] == broken))
        add(p["url"], rel, "detail", "noon", "layout_changed" if p["id"] == broken else "listing",
            {"file": "sample-site/noon/products.csv", "id": p["id"]})
    per_page = 12
    pages = (len(products) + per_page - 1) // per_page
    for n in range(1, pages + 1):
        rel = f"noon/api/search-{n}.json"
        write(rel, json.dumps(noon_api_page(products, n, per_page, pages), ensure_ascii=False, indent=1) + "\n")
        add(NOON_API_SEARCH + str(n), rel, "list", "noon", content_type=JSON_TYPE)
    # The HTML search page: the fallback when the API is refused; not linked from the API, so kept
    # out of the manifest and read directly by the parser tests.
    cards = "\n".join(noon_card(p) for p in products[:per_page])
    write("noon/variants/search.html", phone_head("en", "smartphones", NOON_HTML_SEARCH, "noon Egypt", "https://f.nooncdn.com/s/app/com/noon/css/main.css", "noon")
          + noon_chrome(f'<div class="Grid_grid__i9">\n{cards}\n</div>\n<ul class="Pagination_pagination__j0"><li><a rel="next" href="{NOON_HTML_SEARCH}&amp;page=2">2</a></li></ul>', {"page": "/search"}))
    write("noon/robots.txt", "User-agent: *\nDisallow: /_svc/customer/\nDisallow: /*/cart/\nDisallow: /*/checkout/\n\nSitemap: https://www.noon.com/sitemap.xml\n")
    add(NOON + "/robots.txt", "noon/robots.txt", "robots", "noon", content_type="text/plain; charset=utf-8")


DUBIZZLE_NAV = [("/en/mobile-phones-tablets-accessories-numbers/", "Mobiles & Tablets"), ("/en/vehicles/", "Vehicles"),
                ("/en/properties/", "Properties"), ("/en/home-furniture-decor/", "Home & Furniture"), ("/en/electronics-home-appliances/", "Electronics"),
                ("/en/jobs/", "Jobs"), ("/en/services/", "Services"), ("/en/fashion-beauty/", "Fashion")]


def dubizzle_chrome(body):
    return (f'<body>\n<div id="body-wrapper"><header class="_header"><a href="{DUBIZZLE}/en/" aria-label="Dubizzle"><img src="{DUBIZZLE}/assets/logo_dubizzle.svg" alt="dubizzle"></a>'
            f'<input aria-label="Search input" placeholder="Find Mobile Phones, Cars and more..."><a href="{DUBIZZLE}/en/post-ad/" aria-label="Sell">Sell</a>'
            f'<nav><ul>\n{nav_links(DUBIZZLE, DUBIZZLE_NAV)}\n</ul></nav></header>\n<main>\n{body}\n</main>\n'
            f'<footer><ul>\n{nav_links(DUBIZZLE, DUBIZZLE_NAV)}\n</ul><p>© 2025 Dubizzle Egypt</p></footer></div>\n'
            f'<script src="{DUBIZZLE}/assets/main.{digest("dz-js")[:10]}.js" defer></script>\n</body>\n</html>\n')


def dubizzle_price(r):
    # "EGP 26,900\nNegotiable" on the record: the amount and the negotiable tag are two elements.
    amount, _, tag = r["price"].partition("\n")
    tag_html = f'\n<span aria-label="Negotiable">{esc(tag)}</span>' if tag else ""
    return f'<div aria-label="Price"><span>{esc(amount)}</span>{tag_html}</div>'


def dubizzle_location(r):
    """The location element; none when the card showed only its "•" separator (two late ads)."""
    location = r["location"].rstrip("•")
    return f'<span aria-label="Location">{esc(location)}</span>' if location else ""


def dubizzle_card(r):
    return (f'<li aria-label="Listing"><article><a href="{esc(r["url"])}" title="{esc(r["description"])}">'
            f'<picture><img src="https://images.dubizzle.com.eg/thumbnails/{r["id"]}-240x180.jpeg" alt="{esc(r["description"])}"></picture>'
            f'<div aria-label="Title"><h2>{esc(r["description"])}</h2></div>{dubizzle_price(r)}'
            f'<div class="_location">{dubizzle_location(r)}<span aria-hidden="true">•</span></div></a></article></li>')


def dubizzle_detail(r, broken=False):
    # The broken page: the ad was removed and the site shows its "no longer available" shell.
    if broken:
        main = '<div aria-label="Ad removed"><p>This ad is no longer available</p></div>'
    else:
        main = (f'<div aria-label="Gallery">' + "".join(f'<img src="https://images.dubizzle.com.eg/thumbnails/{r["id"]}-800x600-{n}.jpeg" alt="">' for n in range(1, 4))
                + f'</div><div aria-label="Overview">{dubizzle_price(r)}<h1>{esc(r["description"])}</h1>'
                f'{dubizzle_location(r)}</div>'
                f'<div aria-label="Description"><h3>Description</h3><span>{esc(r["description"])}</span></div>'
                f'<div aria-label="Ad id">Ad id {r["id"]}</div>')
    crumbs = (f'<div aria-label="Breadcrumb"><a href="{DUBIZZLE}/en/">Home</a><a href="{DUBIZZLE}/en/mobile-phones-tablets-accessories-numbers/">Mobile Phones, Tablets &amp; Accessories</a>'
              f'<a href="{DUBIZZLE}/en/mobile-phones-tablets-accessories-numbers/mobile-phones/">Mobile Phones</a></div>')
    return phone_head("en", r["description"], r["url"], "Dubizzle Egypt", f"{DUBIZZLE}/assets/main.css", "dubizzle") + dubizzle_chrome(crumbs + main)


def build_dubizzle():
    rows = load_dubizzle()
    first = {}
    for r in rows:
        first.setdefault(r["id"], r)
    broken = sorted(first)[0]
    for i, r in sorted(first.items()):
        rel = f"dubizzle/detail/{i}.html"
        write(rel, dubizzle_detail(r, broken=i == broken))
        add(r["url"], rel, "detail", "dubizzle", "layout_changed" if i == broken else "listing", {"file": DUBIZZLE_CSV, "id": i})
    pages = max(int(r["page"]) for r in rows)
    for n in range(1, pages + 1):
        cards = "\n".join(dubizzle_card(r) for r in rows if int(r["page"]) == n)
        url = DUBIZZLE_SEARCH if n == 1 else f"{DUBIZZLE_SEARCH}?page={n}"
        nxt = f'<a rel="next" href="{DUBIZZLE_SEARCH}?page={n + 1}" aria-label="Next Page">Next</a>' if n < pages else ""
        body = f'<h1>Iphone 13 in Egypt</h1>\n<ul aria-label="Listings">\n{cards}\n</ul>\n<div aria-label="Pagination">{nxt}</div>'
        rel = f"dubizzle/list/search-{n}.html"
        write(rel, phone_head("en", "Iphone 13 in Egypt", url, "Dubizzle Egypt", f"{DUBIZZLE}/assets/main.css", "dubizzle") + dubizzle_chrome(body))
        add(url, rel, "list", "dubizzle")
    write("dubizzle/robots.txt", "User-agent: *\nDisallow: /en/myaccount/\nDisallow: /en/chat/\nDisallow: /*?*filter=\n\nSitemap: https://www.dubizzle.com.eg/sitemap.xml\n")
    add(DUBIZZLE + "/robots.txt", "dubizzle/robots.txt", "robots", "dubizzle", content_type="text/plain; charset=utf-8")


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    build_avito()
    build_mubawab()
    build_mobilemasr()
    build_noon()
    build_dubizzle()
    MANIFEST.sort(key=lambda e: (e["site"], e["kind"], e["file"]))
    (OUT / "manifest.json").write_text(json.dumps(MANIFEST, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
