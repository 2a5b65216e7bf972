"""Writes the messy-shape EDIFACT samples next to this file: `python make_samples.py`."""

from pathlib import Path

OUT = Path(__file__).parent


def seg(lines):
    return "".join(line + "'\n" for line in lines)


HEADER_CUSCAR = [
    "UNH+{ref}+CUSCAR:D:95B:UN",
    "BGM+785+{voyage}+9",
    "TDT+20+{voyage}+1+:FERRY+:::CASPIAN SHIPPING+++9321483:146:11:BERIK:KZ",
    "LOC+5+KZKUR:139:6",
    "LOC+60+AZALA:139:6",
    "DTM+133:202405011030:203",
    "DTM+132:202405020630:203",
]


def consignment(
    n, bill, container, hs="291524", desc="ACETIC ANHYDRIDE", shipper="KASPIY TRADE LLP"
):
    return [
        f"CNI+{n}+{bill}",
        f"RFF+BM:{bill}",
        "LOC+9+KZKUR:139:6",
        "LOC+11+AZALA:139:6",
        f"NAD+CZ+++{shipper}+ABAY STREET 1+AKTAU++130000+KZ",
        "NAD+CN+++AZ CHEMICALS MMC+NEFTCHILAR 12+BAKU++AZ1000+AZ",
        "GID+1+20:DR",
        f"PIA+5+{hs}:HS",
        f"FTX+AAA+++{desc}",
        "MEA+AAE+G+KGM:4200.5",
        "MOA+40:18000:USD",
        f"SGP+{container}",
        f"EQD+CN+{container}+22G1+++5",
        "MEA+AAE+G+KGM:6400",
        "SEL+KZ123456",
    ]


def message(ref, voyage, body, count=None):
    lines = [line.format(ref=ref, voyage=voyage) for line in HEADER_CUSCAR] + body
    total = len(lines) + 1 if count is None else count
    return lines + [f"UNT+{total}+{ref}"]


def unb(ident="UNOC:3", ref="IC0001"):
    return f"UNB+{ident}+KTZE+KZCUSTOMS+240501:0900+{ref}"


samples = {}

# 1. Functional groups: two messages in one UNG/UNE group.
m1 = message("M1", "KK2405A", consignment(1, "BL0001", "MSCU1234566"))
m2 = message("M2", "KK2405A", consignment(1, "BL0002", "TGHU8765430"))
samples["cuscar_functional_groups.edi"] = (
    "UNA:+.? '\n"
    + seg(
        [unb(), "UNG+CUSCAR+KTZE+KZCUSTOMS+240501:0900+G1+UN+D:95B"]
        + m1
        + m2
        + ["UNE+2+G1", "UNZ+1+IC0001"]
    )
).encode("latin-1")

# 2. Layout: CRLF, indentation, spaces around tags, a segment wrapped over two lines, no UNA.
body = message("1", "KK2405B", consignment(1, "BL0101", "MSCU1234566"))
text = unb() + "'\r\n"
for i, line in enumerate(body):
    tag, rest = line[:3], line[3:]
    if i % 3 == 0:
        line = "   " + tag + " " + rest
    elif i % 3 == 1:
        line = "\t" + line
    if tag == "FTX":
        line = line[:15] + "\r\n" + line[15:]
    text += line + "'\r\n"
text += "  UNZ+1+IC0001'\r\n"
samples["cuscar_layout.edi"] = text.encode("latin-1")

# 3. BOM + UNOW with Cyrillic names.
body = message("1", "KK2405C", consignment(1, "BL0201", "MSCU1234566", shipper="ТОО КАСПИЙ ТРЕЙД"))
samples["cuscar_bom_unow.edi"] = b"\xef\xbb\xbf" + (
    "UNA:+.? '\n" + seg([unb("UNOW:4")] + body + ["UNZ+1+IC0001"])
).encode("utf-8")

# 4. Data after UNZ.
body = message("1", "KK2405D", consignment(1, "BL0301", "MSCU1234566"))
samples["cuscar_after_unz.edi"] = (
    "UNA:+.? '\n"
    + seg([unb()] + body + ["UNZ+1+IC0001", "UNH+2+CUSCAR:D:95B:UN", "BGM+785+X+9"])
    + "garbage trailing text\n"
).encode("latin-1")

# 5. Wrong declared counts and references: UNT count, UNT reference, UNZ count and reference.
body = message("1", "KK2405E", consignment(1, "BL0401", "MSCU1234566"), count=99)
body[-1] = "UNT+99+7"
samples["cuscar_wrong_counts.edi"] = (
    "UNA:+.? '\n" + seg([unb()] + body + ["UNZ+3+OTHERREF"])
).encode("latin-1")

# 6. Real container number with a wrong check digit (MSCU1234567: the right digit is 6).
body = message("1", "KK2405F", consignment(1, "BL0501", "MSCU1234567"))
samples["cuscar_check_digit.edi"] = ("UNA:+.? '\n" + seg([unb()] + body + ["UNZ+1+IC0001"])).encode(
    "latin-1"
)

# 7. Location codes from another code list (agency 5 / national list), kept with a warning.
body = message("1", "KK2405G", consignment(1, "BL0601", "MSCU1234566"))
body = [
    line.replace("LOC+9+KZKUR:139:6", "LOC+9+KURYK-01:ZZZ:5").replace(
        "LOC+11+AZALA:139:6", "LOC+11+4711:112:ZZZ"
    )
    for line in body
]
samples["cuscar_non_unlocode.edi"] = (
    "UNA:+.? '\n" + seg([unb()] + body + ["UNZ+1+IC0001"])
).encode("latin-1")

# 8. Unusual separators in UNA: component ^, element *, decimal comma, release !, terminator ~.
body = message("1", "KK2405H", consignment(1, "BL0701", "MSCU1234566", desc="NUTS?+BOLTS"))
text = "UNA^*,! ~\n"
for line in [unb()] + body + ["UNZ+1+IC0001"]:
    line = line.replace("NUTS?+BOLTS", "NUTS+BOLTS 5*8 CM~ 2!")
    line = line.replace("4200.5", "4200,5")
    # escape data characters that are now separators: only the description has them
    line = line.replace(":", "^").replace("+", "*")
    if line.startswith("FTX"):
        # Data holding the new separators escaped by the new release character.
        line = "FTX*AAA***NUTS+BOLTS 5!*8 CM!~ 2!!^?'"
    text += line + "~\n"
samples["cuscar_una_separators.edi"] = text.encode("latin-1")

# 9. Windows-1251 bytes in a file that declares UNOW (UTF-8).
body = message(
    "1",
    "KK2405I",
    consignment(1, "BL0801", "MSCU1234566", shipper="ТОО КАСПИЙ ТРЕЙД", desc="УКСУСНЫЙ АНГИДРИД"),
)
samples["cuscar_cp1251_declared_unow.edi"] = (
    "UNA:+.? '\n" + seg([unb("UNOW:4")] + body + ["UNZ+1+IC0001"])
).encode("cp1251")

# 10. Latin-1 bytes in a file that declares UNOE (Cyrillic).
body = message(
    "1",
    "KK2405J",
    consignment(1, "BL0901", "MSCU1234566", shipper="MÜLLER CHEMIE GMBH", desc="SÄURE FÜR LABORE"),
)
samples["cuscar_latin1_declared_unoe.edi"] = (
    "UNA:+.? '\n" + seg([unb("UNOE:3")] + body + ["UNZ+1+IC0001"])
).encode("latin-1")

# 11. UTF-8 in a file that declares UNOC.
body = message("1", "KK2405K", consignment(1, "BL1001", "MSCU1234566", shipper="ТОО КАСПИЙ ТРЕЙД"))
samples["cuscar_utf8_declared_unoc.edi"] = (
    "UNA:+.? '\n" + seg([unb("UNOC:3")] + body + ["UNZ+1+IC0001"])
).encode("utf-8")

# 12. Truncated: the second message is cut in the middle of a segment.
m1 = message("1", "KK2405L", consignment(1, "BL1101", "MSCU1234566"))
m2 = message("2", "KK2405L", consignment(1, "BL1102", "TGHU8765430"))
text = "UNA:+.? '\n" + seg([unb()] + m1 + m2)
cut = text.index("GID+1+20:DR", text.index("UNH+2"))
samples["cuscar_truncated.edi"] = text[: cut + 6].encode("latin-1")
samples["cuscar_truncated_only_message.edi"] = text[: text.index("UNH+2") - 40].encode("latin-1")

# 13. Not EDIFACT.
samples["not_edifact.edi"] = b"voyage_number;document_number;hs_code\nKK1;BL1;291524\n"

# 14. Correct ISO 8859-5 (UNOE) file.
body = message(
    "1",
    "KK2405M",
    consignment(1, "BL1201", "MSCU1234566", shipper="ТОО КАСПИЙ ТРЕЙД", desc="УКСУСНЫЙ АНГИДРИД"),
)
samples["cuscar_unoe.edi"] = (
    "UNA:+.? '\n" + seg([unb("UNOE:3")] + body + ["UNZ+1+IC0001"])
).encode("iso8859-5")

# 15. PAXLST: ferry with crew, passengers and drivers; CNT disagrees with persons present.
pax = [
    "UNH+P1+PAXLST:D:02B:UN:IATA",
    "BGM+745",
    "NAD+MS+++CASPIAN SHIPPING",
    "TDT+20+KK2405P+1+:FERRY+:::CASPIAN SHIPPING+++9321483:146:11:BERIK",
    "LOC+125+KZKUR",
    "DTM+189:2405011030:201",
    "LOC+87+AZALA",
    "DTM+232:2405020630:201",
    "NAD+FL+++ИВАНОВ:ИВАН ПЕТРОВИЧ",
    "ATT+2++M",
    "DTM+329:800417",
    "NAT+2+KAZ",
    "RFF+ABZ:123ABC02",
    "DOC+P:110:111+N12345678",
    "NAD+FL+++ALIYEVA:LEYLA",
    "ATT+2++F",
    "DTM+329:19920103:102",
    "NAT+2+AZE",
    "DOC+I:110:111+AZE0011223",
    "NAD+FM+++NURLANOV:ASKAR",
    "ATT+2++M",
    "DTM+329:19751130:102",
    "NAT+2+KZ",
    "DOC+P:110:111+N00011122",
    "CNT+42:5",
]
pax.append(f"UNT+{len(pax) + 1}+P1")
samples["paxlst_ferry_totals.edi"] = (
    "UNA:+.? '\n" + seg([unb("UNOW:4")] + pax + ["UNZ+1+IC0001"])
).encode("utf-8")
samples["paxlst_cp1251_declared_unoc.edi"] = (
    "UNA:+.? '\n" + seg([unb("UNOC:3")] + pax + ["UNZ+1+IC0001"])
).encode("cp1251")

# 16. BAPLIE (SMDG 2 style).
bap = [
    "UNH+B1+BAPLIE:D:95B:UN:SMDG20",
    "BGM++KK2405Q+9",
    "DTM+137:202405010800:203",
    "TDT+20+KK2405Q+1++:::CASPIAN SHIPPING+++9321483:146:11:BERIK",
    "LOC+5+KZKUR:139:6",
    "LOC+61+AZALA:139:6",
    "DTM+133:202405011030:203",
    "LOC+147+0020282::5",
    "MEA+WT++KGM:23500",
    "LOC+9+KZKUR:139:6",
    "LOC+11+AZALA:139:6",
    "RFF+BM:BL0001",
    "EQD+CN+MSCU1234566+22G1+++5",
    "NAD+CA+CSL:172:20",
    "LOC+147+0020484::5",
    "MEA+VGM++TNE:2.3",
    "LOC+9+KZKUR:139:6",
    "LOC+11+AZBAK:139:6",
    "EQD+CN+TGHU8765430+45G1+++4",
    "LOC+147+0340002::5",
    "MEA+WT++KGM:18000",
    "LOC+9+KZKUR:139:6",
    "LOC+11+AZALA:139:6",
    "EQD+TE+KZ123ABC+++5",
    "SEL+T998877",
]
bap.append(f"UNT+{len(bap) + 1}+B1")
samples["baplie_bay_plan.edi"] = (
    "UNA:+.? '\n" + seg([unb("UNOA:2")] + bap + ["UNZ+1+IC0001"])
).encode("ascii")

for name, data in samples.items():
    (OUT / name).write_bytes(data)
    print(name, len(data))
