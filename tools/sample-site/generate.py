#!/usr/bin/env python3
"""Builds sample-site/: an offline copy of Avito.ma and Mubawab.ma pages filled with real records.

No saved HTML of these sites is public, so the pages follow the structure documented in
shared/reference/sites.md (sections 1.3, 1.4, 2.3, 2.4) and carry the values of the real scraped
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
    # some detail fetches (sites.md 6); the record files hold no error-only payload to take it from.
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


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    build_avito()
    build_mubawab()
    MANIFEST.sort(key=lambda e: (e["site"], e["kind"], e["file"]))
    (OUT / "manifest.json").write_text(json.dumps(MANIFEST, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
