"""The legal categories of the Official Information Act B.E. 2540 (พ.ร.บ.ข้อมูลข่าวสารของราชการ).

s.7 information is published in the Government Gazette; s.9 information is kept
open for inspection at the information centre. s.9(8) covers items the Official
Information Board designated, such as the monthly procurement summary (แบบ สขร.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class OiaCategory:
    code: str   # as the officer writes it: "9(8) สขร.1"
    slug: str   # in URLs: "s9-8-sorkhor1"
    label: str  # Thai label shown to the public


CATEGORIES = (
    OiaCategory("7(1)", "s7-1", "โครงสร้างและการจัดองค์กรในการดำเนินงาน"),
    OiaCategory("7(2)", "s7-2", "สรุปอำนาจหน้าที่ที่สำคัญและวิธีการดำเนินงาน"),
    OiaCategory("7(3)", "s7-3", "สถานที่ติดต่อเพื่อขอรับข้อมูลข่าวสารหรือคำแนะนำ"),
    OiaCategory("7(4)", "s7-4", "กฎ มติคณะรัฐมนตรี ข้อบังคับ คำสั่ง หนังสือเวียน ระเบียบ แบบแผน นโยบาย หรือการตีความ"),
    OiaCategory("7(5)", "s7-5", "สิ่งอื่นตามที่คณะกรรมการข้อมูลข่าวสารของราชการกำหนด"),
    OiaCategory("9(1)", "s9-1", "ผลการพิจารณาหรือคำวินิจฉัยที่มีผลโดยตรงต่อเอกชน"),
    OiaCategory("9(2)", "s9-2", "นโยบายหรือการตีความที่ไม่เข้าข่ายต้องลงพิมพ์ในราชกิจจานุเบกษา"),
    OiaCategory("9(3)", "s9-3", "แผนงาน โครงการ และงบประมาณรายจ่ายประจำปี"),
    OiaCategory("9(4)", "s9-4", "คู่มือหรือคำสั่งเกี่ยวกับวิธีปฏิบัติงานของเจ้าหน้าที่ซึ่งมีผลกระทบถึงสิทธิหน้าที่ของเอกชน"),
    OiaCategory("9(5)", "s9-5", "สิ่งพิมพ์ที่ได้มีการอ้างอิงถึงตามมาตรา 7 วรรคสอง"),
    OiaCategory("9(6)", "s9-6", "สัญญาสัมปทาน สัญญาที่มีลักษณะผูกขาดตัดตอน หรือสัญญาร่วมทุนกับเอกชน"),
    OiaCategory("9(7)", "s9-7", "มติคณะรัฐมนตรีหรือมติคณะกรรมการที่แต่งตั้งโดยกฎหมาย"),
    OiaCategory("9(8)", "s9-8", "ข้อมูลข่าวสารอื่นตามที่คณะกรรมการข้อมูลข่าวสารของราชการกำหนด"),
    OiaCategory("9(8) สขร.1", "s9-8-sorkhor1", "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน (แบบ สขร.1)"),
    OiaCategory("9(8) จัดซื้อจัดจ้าง", "s9-8-procurement", "ประกาศเชิญชวน ผลการจัดซื้อจัดจ้าง และสาระสำคัญของสัญญา"),
)

_BY_KEY = {re.sub(r"[\s.]", "", c.code): c for c in CATEGORIES}
# "s.7(1)", "ม.7(1)", "มาตรา 7 (1)" all mean 7(1).
_PREFIX = re.compile(r"^(?:s\.?|ม\.|มาตรา)\s*", re.I)


def find(value: str) -> OiaCategory | None:
    """The category an officer meant, whichever common spelling they used."""
    from plugins.thai_text.thaitext import arabic_digits

    key = re.sub(r"[\s.]", "", _PREFIX.sub("", arabic_digits(value.strip())))
    return _BY_KEY.get(key)


# Grounds for withholding: s.14 (harm to the monarchy) and s.15(1)-(6).
WITHHOLDING_GROUNDS = ("14", "15(1)", "15(2)", "15(3)", "15(4)", "15(5)", "15(6)")
