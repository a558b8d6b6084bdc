"""A generated corpus of pathological pages with the outcome each must have; the Document invariants."""

from __future__ import annotations

import gzip
import hashlib
import io
import random
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal, cast

from pagewash.types import Document, Options
from pagewash_server.pipeline.blocks import count_words
from pagewash_server.pipeline.errors import (
    ContentTooLargeError,
    InvalidArgumentError,
    PipelineError,
    UndecodableContentError,
)

# The only errors normalize() may raise on purpose; anything else escaping it is a bug.
PIPELINE_ERRORS: tuple[type[PipelineError], ...] = (
    InvalidArgumentError,
    ContentTooLargeError,
    UndecodableContentError,
)

MB = 1024 * 1024
ATTRIBUTES_ON_ONE_ELEMENT = 100_000
_NAME_JUNK = re.compile(r"[^A-Za-z0-9-]+")

# ------------------------------------------------------------------------------------------------
# Article paragraphs, written for these tests: plain news prose, long enough (> 200 characters)
# and dense enough in function words that jusText's default model keeps each of them.
# ------------------------------------------------------------------------------------------------
ARTICLES: dict[str, tuple[str, ...]] = {
    "en": (
        "The city council voted on Wednesday to approve a plan that will restore the old public library "
        "on Main Street, which has been closed to visitors for more than three years. Officials said "
        "that the work is expected to begin in the spring and should be finished by the end of next year "
        "if there are no further delays in the delivery of materials.",
        "Residents of the neighbourhood have been asking for the building to be opened again for a long "
        "time. Many of them say that the library was never just a place where you could borrow a book, "
        "but the real centre of life in the area, where students and older people would meet and spend "
        "their afternoons.",
        "The architects have promised that they will keep the historic front of the building as it is, "
        "while the rooms inside will be changed completely. There will be reading rooms, a space for "
        "children and a small hall for talks and other events that can be used in the evening.",
    ),
    "fr": (
        "Le conseil municipal a approuvé mercredi le projet de rénovation de la vieille bibliothèque, "
        "qui est fermée au public depuis plus de trois ans. Selon la mairie, les travaux débuteront au "
        "printemps et devraient être achevés à la fin de l'année prochaine, si la livraison des "
        "matériaux n'est pas retardée une nouvelle fois.",
        "Les habitants du quartier réclamaient depuis longtemps la réouverture du bâtiment. Beaucoup "
        "d'entre eux expliquent que la bibliothèque n'était pas seulement un lieu où l'on empruntait des "
        "livres, mais un véritable cœur de la vie du quartier, où se retrouvaient les élèves et les "
        "personnes âgées.",
    ),
    "de": (
        "Der Stadtrat hat am Mittwoch den Plan für die Sanierung der alten Bibliothek gebilligt, die "
        "seit mehr als drei Jahren für Besucher geschlossen ist. Nach Angaben der Verwaltung sollen die "
        "Arbeiten im Frühjahr beginnen und bis zum Ende des nächsten Jahres abgeschlossen sein, wenn es "
        "bei der Lieferung der Materialien keine weiteren Verzögerungen gibt.",
    ),
    "ru": (
        "Городской совет в среду одобрил план реконструкции старой библиотеки на главной улице, которая "
        "закрыта для посетителей уже более трёх лет. По словам представителей администрации, работы "
        "начнутся весной и должны завершиться к концу следующего года, если не будет новых задержек с "
        "поставками материалов.",
        "Жители района давно добивались того, чтобы здание снова открылось. Многие из них говорят, что "
        "библиотека была для них не просто местом, где можно взять книгу, а настоящим центром жизни "
        "всего района, куда после уроков приходили школьники и где пожилые люди проводили целые дни.",
        "Архитекторы обещают, что исторический фасад здания останется таким, каким он был, а вот "
        "внутреннее пространство будет полностью изменено. В новой библиотеке появятся читальные залы, "
        "помещения для детей и небольшой зал, в котором по вечерам можно будет проводить лекции и "
        "встречи.",
    ),
    "el": (
        "Το δημοτικό συμβούλιο ενέκρινε την Τετάρτη το σχέδιο για την ανακαίνιση της παλιάς βιβλιοθήκης "
        "στον κεντρικό δρόμο, η οποία έχει παραμείνει κλειστή για τους επισκέπτες περισσότερα από τρία "
        "χρόνια. Σύμφωνα με τον δήμαρχο, οι εργασίες θα ξεκινήσουν την άνοιξη και αναμένεται να "
        "ολοκληρωθούν μέχρι το τέλος του επόμενου έτους, αν δεν υπάρξουν νέες καθυστερήσεις.",
        "Οι κάτοικοι της περιοχής ζητούσαν εδώ και πολύ καιρό να ανοίξει ξανά το κτίριο. Πολλοί από "
        "αυτούς λένε ότι η βιβλιοθήκη δεν ήταν απλώς ένας χώρος για να δανειστεί κανείς ένα βιβλίο, αλλά "
        "το πραγματικό κέντρο της γειτονιάς, όπου έρχονταν οι μαθητές μετά το σχολείο και οι μεγαλύτεροι "
        "για να διαβάσουν την εφημερίδα.",
        "Οι αρχιτέκτονες υπόσχονται ότι η ιστορική πρόσοψη του κτιρίου θα μείνει όπως είναι, ενώ το "
        "εσωτερικό θα αλλάξει εντελώς. Στο νέο κτίριο θα υπάρχουν αίθουσες ανάγνωσης, ένας χώρος για τα "
        "παιδιά και μια μικρή αίθουσα για διαλέξεις και άλλες εκδηλώσεις που θα γίνονται το βράδυ.",
    ),
    "ar": (
        "وافق المجلس البلدي يوم الأربعاء على خطة لترميم المكتبة القديمة في الشارع الرئيسي، والتي ظلت "
        "مغلقة أمام الزوار لأكثر من ثلاث سنوات. وقال مسؤولون في البلدية إن الأعمال ستبدأ في فصل الربيع "
        "ومن المتوقع أن تنتهي قبل نهاية العام المقبل إذا لم تحدث أي تأخيرات جديدة في توريد المواد "
        "اللازمة للبناء.",
        "وكان سكان الحي قد طالبوا منذ فترة طويلة بإعادة فتح المبنى. ويقول كثير منهم إن المكتبة لم تكن "
        "مجرد مكان لاستعارة الكتب، بل كانت مركزا حقيقيا للحياة في الحي، يأتي إليه الطلاب بعد المدرسة "
        "ويقضي فيه كبار السن ساعات طويلة في قراءة الصحف والحديث مع الجيران.",
        "ويعد المهندسون بالحفاظ على الواجهة التاريخية للمبنى كما هي، مع تغيير المساحات الداخلية بالكامل. "
        "وسيضم المبنى الجديد قاعات واسعة للقراءة وغرفا لأنشطة الأطفال وقاعة صغيرة للمحاضرات والمعارض "
        "يمكن استخدامها في المساء، كما سيتم تخصيص غرفة هادئة للطلاب في فترة الامتحانات.",
    ),
    "he": (
        "מועצת העיר אישרה ביום רביעי את התוכנית לשיפוץ הספרייה הישנה ברחוב הראשי, שהייתה סגורה למבקרים "
        "במשך יותר משלוש שנים. לדברי נציגי העירייה, העבודות יתחילו באביב וצפויות להסתיים עד סוף השנה "
        "הבאה, אם לא יהיו עיכובים נוספים באספקת החומרים שנדרשים לבנייה.",
        "תושבי השכונה דרשו במשך זמן רב שהבניין ייפתח מחדש. רבים מהם אומרים שהספרייה לא הייתה רק מקום שבו "
        "אפשר לשאול ספר, אלא המרכז האמיתי של החיים בשכונה, שאליו הגיעו התלמידים אחרי בית הספר ושבו ישבו "
        "האנשים המבוגרים שעות ארוכות וקראו את העיתון.",
        "האדריכלים מבטיחים שהחזית ההיסטורית של הבניין תישאר כפי שהיא, אבל החלל הפנימי ישתנה לגמרי. "
        "בבניין החדש יהיו אולמות קריאה גדולים, מקום מיוחד לילדים ואולם קטן להרצאות ולתערוכות שאפשר יהיה "
        "להשתמש בו בערבים, וגם חדר שקט לסטודנטים בתקופת המבחנים.",
    ),
    "hi": (
        "नगर परिषद ने बुधवार को मुख्य सड़क पर स्थित पुराने पुस्तकालय की मरम्मत की योजना को मंजूरी दे दी, "
        "जो तीन साल से भी अधिक समय से आम लोगों के लिए बंद है। नगर निगम के अधिकारियों के अनुसार काम वसंत "
        "में शुरू होगा और अगर सामग्री की आपूर्ति में कोई नई देरी नहीं हुई तो यह अगले साल के अंत तक पूरा "
        "हो जाएगा।",
        "इलाके के लोग लंबे समय से यह माँग कर रहे थे कि इमारत को फिर से खोला जाए। उनमें से कई लोगों का "
        "कहना है कि पुस्तकालय सिर्फ किताबें लेने की जगह नहीं था, बल्कि पूरे मोहल्ले के जीवन का असली "
        "केंद्र था, जहाँ स्कूल के बाद बच्चे आते थे और बुजुर्ग लोग पूरा दिन अखबार पढ़ते हुए बिताते थे।",
        "वास्तुकारों ने वादा किया है कि इमारत का ऐतिहासिक सामने का हिस्सा वैसा ही रहेगा, लेकिन अंदर की "
        "जगह को पूरी तरह से बदल दिया जाएगा। नई इमारत में पढ़ने के बड़े कमरे, बच्चों के लिए एक अलग जगह और "
        "व्याख्यानों के लिए एक छोटा हॉल होगा, जिसका इस्तेमाल शाम को भी किया जा सकेगा।",
    ),
    "ko": (
        "시의회는 수요일 3년 넘게 문을 닫고 있던 중앙로의 옛 도서관을 보수하는 계획을 승인했다. 시 "
        "관계자들에 따르면 공사는 내년 봄에 시작될 예정이며, 자재 공급이 더 이상 늦어지지 않는다면 내년 "
        "말까지는 모든 공사가 마무리될 것으로 보인다. 보수에 드는 비용의 대부분은 시 예산으로 충당되고, "
        "나머지는 지역 기업과 주민들의 기부로 마련될 예정이다. 공사 기간에는 근처 주민센터에 임시 대출 "
        "창구가 운영된다.",
        "이 동네 주민들은 오랫동안 건물을 다시 열어 달라고 요구해 왔다. 많은 주민들은 도서관이 단순히 "
        "책을 빌리는 곳이 아니라 동네 생활의 중심이었다고 말한다. 학교가 끝나면 아이들이 이곳에 모여 "
        "숙제를 했고, 노인들은 열람실에서 신문을 읽거나 이웃과 이야기를 나누며 오후를 보냈다. 이 "
        "동네에서 사십 년 넘게 살아온 한 주민은 도서관이 문을 닫은 뒤로 이웃들과 얼굴을 마주할 기회가 "
        "크게 줄었다고 말했다.",
        "건축가들은 건물의 역사적인 정면은 그대로 보존하면서 내부 공간은 완전히 새롭게 바꾸겠다고 "
        "약속했다. 새 도서관에는 밝고 넓은 열람실과 어린이를 위한 공간, 그리고 저녁에 강연회와 전시회를 "
        "열 수 있는 작은 강당이 들어설 예정이다. 옥상에는 정원이 만들어지고, 시험 기간에는 학생들이 "
        "조용히 공부할 수 있는 자습실도 마련된다. 시의회는 다음 달 주민들의 의견을 듣기 위한 공청회를 열 "
        "계획이다.",
    ),
    "zh": (
        "市议会周三投票通过了一项修缮老图书馆的计划，这座位于主街上的图书馆已经对公众关闭了三年多。市政府"
        "官员表示，工程预计将在明年春天开始，如果建筑材料的运送不再出现延误，整个项目有望在明年年底之前全"
        "部完工。官员们还说，修缮所需的大部分资金将来自市里的年度预算，其余部分则由当地企业和居民自愿捐助"
        "。在施工期间，附近的社区中心会设立一个临时借书点，方便居民继续借阅图书和报刊。",
        "附近的居民多年来一直要求重新开放这座建筑。许多人说，图书馆从来不只是一个借书的地方，而是整个街区"
        "生活的中心。放学以后，孩子们会来这里做作业，老人们则喜欢在阅览室里看报纸、下棋、聊天。一位在这里"
        "住了四十多年的老人说，图书馆关门以后，街坊邻居之间见面的机会少了很多，大家都盼望着它能早日重新开"
        "门，让这个地方重新热闹起来。",
        "建筑师们承诺会完整保留这座建筑具有历史意义的外立面，但内部空间将被彻底改造。新的图书馆将设有宽敞"
        "明亮的阅览室、专门为儿童准备的活动区，以及一个可以在晚上举办讲座和展览的小礼堂。设计方案还包括一"
        "个屋顶花园和一间安静的自习室，供学生在考试期间使用。市议会表示，将在下个月举行公开听证会，听取居"
        "民对设计方案的意见和建议。",
    ),
    "ja": (
        "市議会は水曜日、三年以上にわたって閉館している大通りの古い図書館を改修する計画を承認した。市の担"
        "当者によると、工事は来年の春に始まる予定で、資材の納入にこれ以上の遅れが出なければ、来年の年末ま"
        "でには完了する見通しだという。改修にかかる費用の大部分は市の予算でまかなわれ、残りは地元の企業や"
        "住民からの寄付によって集められる。工事の期間中は、近くの公民館に臨時の貸し出し窓口が設けられる予"
        "定である。",
        "近所の住民は長年にわたり、建物を再び開くよう求めてきた。多くの人にとって、図書館は単に本を借りる"
        "場所ではなく、地域の暮らしの中心だったという。放課後には子どもたちが宿題をしに集まり、お年寄りは"
        "閲覧室で新聞を読んだり、知り合いと話をしたりして午後を過ごしていた。四十年以上この町に住んでいる"
        "男性は、図書館が閉まってから近所の人と顔を合わせる機会がずいぶん減ったと話している。",
        "設計を担当する建築家たちは、歴史のある建物の正面はそのまま残しながら、内部の空間を全面的に作り変"
        "えると約束している。新しい図書館には明るく広い閲覧室や子ども向けのスペースのほか、夜に講演会や展"
        "示会を開くことができる小さなホールも設けられる。さらに屋上には庭園が作られ、試験の時期には学生が"
        "静かに勉強できる自習室も用意される。市議会は来月、住民の意見を聞くための公聴会を開く予定だ。",
    ),
    "th": (
        "สภาเมืองได้ลงมติอนุมัติแผนการบูรณะห้องสมุดเก่าบนถนนสายหลักเมื่อวันพุธที่ผ่านมา "
        "หลังจากที่ห้องสมุดแห่งนี้ปิดให้บริการประชาชนมานานกว่าสามปี เจ้าหน้าที่ของเทศบาลกล่าวว่างานก่อสร้"
        "างจะเริ่มขึ้นในช่วงต้นปีหน้า และคาดว่าจะแล้วเสร็จภายในสิ้นปี หากการขนส่งวัสดุก่อสร้างไม่ล่าช้าไป"
        "กว่านี้ ค่าใช้จ่ายส่วนใหญ่จะมาจากงบประมาณของเมือง ส่วนที่เหลือจะมาจากการบริจาคของบริษัทและชาวบ้า"
        "นในท้องถิ่น",
        "ชาวบ้านในละแวกนี้เรียกร้องให้เปิดอาคารแห่งนี้อีกครั้งมาเป็นเวลานาน หลายคนบอกว่าห้องสมุดไม่ได้เป็"
        "นเพียงสถานที่สำหรับยืมหนังสือเท่านั้น แต่เป็นศูนย์กลางของชีวิตในชุมชน หลังเลิกเรียนเด็ก ๆ "
        "จะมาทำการบ้านที่นี่ ส่วนผู้สูงอายุก็ชอบมานั่งอ่านหนังสือพิมพ์และพูดคุยกับเพื่อนบ้านในห้องอ่านหนั"
        "งสือตลอดบ่าย",
        "สถาปนิกให้คำมั่นว่าจะรักษาด้านหน้าของอาคารที่มีคุณค่าทางประวัติศาสตร์ไว้ตามเดิม "
        "แต่จะปรับเปลี่ยนพื้นที่ภายในทั้งหมด ห้องสมุดแห่งใหม่จะมีห้องอ่านหนังสือที่กว้างขวางและสว่าง "
        "มุมสำหรับเด็ก และห้องประชุมขนาดเล็กที่สามารถใช้จัดการบรรยายและนิทรรศการในตอนเย็นได้ "
        "สภาเมืองจะจัดการรับฟังความคิดเห็นของประชาชนเกี่ยวกับแบบก่อสร้างในเดือนหน้า",
    ),
}

# Languages whose page must be identified by name (a jusText stoplist exists for each).
STOPLIST_LANGUAGES = ("en", "fr", "de", "ru", "el", "ar", "he", "hi", "ko")
SCRIPT_LANGUAGES = ("ru", "el", "ar", "he", "hi", "ko", "zh", "ja", "th")

EN = ARTICLES["en"]


def expected_text(paragraph: str) -> str:
    """How a paragraph must read in the output: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", paragraph).split())


# ------------------------------------------------------------------------------------------------
# Page builders
# ------------------------------------------------------------------------------------------------
def article_html(
    paragraphs: tuple[str, ...],
    *,
    title: str = "Library to reopen after three years",
    lang: str = "",
    head_extra: str = "",
    wrap: tuple[str, str] = ("<article>", "</article>"),
    doctype: str = "<!DOCTYPE html>",
    charset: str = "utf-8",
) -> str:
    """A plausible article page: navigation and footer chrome around a headline and the paragraphs."""
    lang_attr = f' lang="{lang}"' if lang else ""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f"{doctype}\n<html{lang_attr}><head>{meta}<title>{title}</title>{head_extra}</head>\n<body>\n"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
        '<li><a href="/sport">Sport</a></li></ul></nav>\n'
        f"{wrap[0]}<h1>{title}</h1>\n{body}{wrap[1]}\n"
        "<footer><p>Contact us | Privacy | Terms</p></footer>\n</body></html>\n"
    )


def nested(depth: int, inner: str, open_tag: str = "<div>", close_tag: str = "</div>") -> str:
    return open_tag * depth + inner + close_tag * depth


def _en_paragraphs_html() -> str:
    return "".join(f"<p>{p}</p>" for p in EN)


def _seeded(seed: int) -> random.Random:
    return random.Random(seed)


def _png() -> bytes:
    rnd = _seeded(1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 6, 0, 0, 0)
    idat = zlib.compress(rnd.randbytes(64 * 64 * 4))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + _seeded(2).randbytes(
        8192
    )


def _pdf() -> bytes:
    stream = zlib.compress(_seeded(3).randbytes(16384))
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"3 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("image.bin", _seeded(4).randbytes(16384))
        archive.writestr("page.html", article_html(EN))
    return buffer.getvalue()


def _gzip_bomb() -> bytes:
    # 256 MB of zeros compress to ~250 KB: a decoder that inflates blindly pays the full size.
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as stream:
        zeros = bytes(MB)
        for _ in range(256):
            stream.write(zeros)
    return out.getvalue()


def _utf8_with_invalid_bytes() -> bytes:
    bad = [b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80\x80"]
    pieces = [b"<html><body><article><h1>Library</h1>"]
    for i, paragraph in enumerate(EN):
        pieces.append(b"<p>" + paragraph.encode() + b"</p>" + bad[i % len(bad)])
    pieces.append(b"<p>" + b" ".join(bad) + b"</p></article></body></html>")
    return b"".join(pieces)


def _utf16_lone_surrogates(order: str) -> bytes:
    unit = "<" if order == "le" else ">"
    codec = "utf-16-le" if order == "le" else "utf-16-be"
    bom = b"\xff\xfe" if order == "le" else b"\xfe\xff"
    lone = struct.pack(f"{unit}H", 0xD800) + struct.pack(f"{unit}H", 0x41) + struct.pack(f"{unit}H", 0xDC00)
    reversed_pair = struct.pack(f"{unit}HH", 0xDC00, 0xD800)
    html = article_html(EN)
    cut = html.index("<p>") + 3
    return bom + html[:cut].encode(codec) + lone + reversed_pair + html[cut:].encode(codec) + lone


def _controls() -> str:
    c0 = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r")
    c1 = "".join(chr(c) for c in range(0x80, 0xA0))
    odd = "\u200b\u200e\u202e\u2066\ufeff\ufffe\uffff\U0010ffff\ue000\u0085\u2028\u2029"
    paragraphs = tuple(p.replace(" the ", f" the{c0[i]} ") for i, p in enumerate(EN))
    return article_html(paragraphs).replace("<h1>", f"<h1>{c0}{c1}{odd}") + f"<p>{c0}{c1}{odd}</p>"


def _billion_laughs() -> bytes:
    levels = ['<!ENTITY lol0 "lol">']
    levels += [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    doctype = "<!DOCTYPE html [\n" + "\n".join(levels) + "\n]>"
    head = '<?xml version="1.0" encoding="utf-8"?>\n' + doctype
    body = (
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol9;</p>{_en_paragraphs_html()}</body></html>'
    )
    return (head + body).encode()


def _quadratic_blowup() -> bytes:
    blob = "a" * 50_000
    head = f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY a "{blob}">]>\n'
    body = f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>{"&a;" * 50_000}</p>{_en_paragraphs_html()}'
    return (head + body + "</body></html>").encode()


def xxe_page(system_id: str, *, parameter: bool = False) -> bytes:
    """XHTML that asks for an external entity; no parser may ever fetch `system_id`."""
    if parameter:
        subset = f'<!ENTITY % remote SYSTEM "{system_id}"> %remote;'
        use = ""
    else:
        subset = f'<!ENTITY xxe SYSTEM "{system_id}">'
        use = "<p>&xxe;</p>"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"<!DOCTYPE html [{subset}]>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:xi="http://www.w3.org/2001/XInclude"><head>'
        f"<title>External entity</title></head><body>{use}{_en_paragraphs_html()}"
        f'<xi:include href="{system_id}" parse="text"/></body></html>'
    ).encode()


def xxe_dtd_page(system_id: str) -> bytes:
    """A page whose DOCTYPE names an external DTD and stylesheet at `system_id`."""
    return (
        f'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="{system_id}"?>\n'
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{system_id}">\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{_en_paragraphs_html()}</body></html>'
    ).encode()


def _deep_jsonld() -> str:
    jsonld = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    return article_html(EN, head_extra=jsonld)


def _odd_jsonld() -> str:
    blocks = [
        '{"@context": "https://schema.org", "@type": "NewsArticle", "author": 5, "datePublished": 20240101,'
        ' "headline": ["a", {"b": null}], "keywords": [{"x": 1}, null, 3], "publisher": "x"}',
        '{"@graph": "not a list", "author": [null, {"name": ["x", 1]}, {"name": {"@value": 3}}]}',
        '[null, 1, "s", {"@type": ["Article", 5], "datePublished": {"@value": "2024-02-30T25:61:00"},'
        ' "author": {"@type": "Person", "name": null}, "keywords": {"a": "b"}}]',
        '{"datePublished": "99999-99-99", "dateModified": "", "author": [[[]]], "name": true}',
        "{not json at all",
        '{"author": "' + "A" * 100_000 + '"}',
    ]
    extra = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    extra += (
        '<meta property="article:published_time" content="0000-00-00T00:00:00">'
        '<meta name="date" content="31/02/2023"><meta name="author" content="">'
        '<link rel="canonical" href="http://[invalid-host/page"><meta property="og:url" content="http://[::1">'
        '<meta name="keywords" content="' + ",".join(["k"] * 50_000) + '">'
        '<meta property="og:site_name" content="&#0;&#xD800;\x00">'
    )
    page = article_html(EN, head_extra=extra)
    return page.replace("<article>", '<article><time datetime="2023-13-45T99:99:99+99:99">yesterday</time>')


def _odd_text_dump() -> str:
    lines = [
        "From",
        "Send to",
        "Library to reopen after three years",
        "By",
        "By " + "X" * 10_000,
        "February 30, 2023 99:99 pm",
        "Updated 2023-13-45",
        "Published: 31/02/2023",
        "",
        *EN,
        "",
        "Tags:",
        "Tags: " + ", ".join(["tag"] * 20_000),
        "Copyright © " + "9" * 5000,
        "(AP Photo/)",
        "Getty Images",
    ]
    return "\n".join(lines)


def _text_dump(paragraphs: tuple[str, ...]) -> str:
    return "Library to reopen after three years\n\n" + "\n\n".join(paragraphs) + "\n"


def _twenty_mb_html_line() -> bytes:
    # A minified page: 20 MB on one line, most of it inline data, then a long run of paragraphs.
    data = b'{"items":[' + b'{"id":12345,"name":"item","tags":["a","b"]},' * (18 * MB // 44) + b"{}]}"
    unit = ("<div class='c'><p>" + "</p><p>".join(EN) + "</p></div>").encode()
    body = unit * (2 * MB // len(unit))
    head = b"<!DOCTYPE html><html><head><title>t</title><script>var state = " + data + b";</script></head>"
    return head + b"<body>" + body + b"</body></html>"


def _twenty_mb_text_line() -> bytes:
    unit = (" ".join(EN) + " ").encode()
    return unit * (20 * MB // len(unit))


def _million_elements() -> bytes:
    para = b"<p>" + b"<b>a</b> " * 1000 + b"</p>\n"
    return b"<html><body><div>" + para * 1000 + _en_paragraphs_html().encode() + b"</div></body></html>"


def _short_lines(count: int) -> bytes:
    return "".join(f"line {i}\n" for i in range(count)).encode()


def _huge_attribute(tag_attr: str) -> bytes:
    value = "a" * (10 * MB)
    page = article_html(EN)
    return page.replace("<article>", f'<article {tag_attr}="{value}">').encode()


def _huge_class() -> bytes:
    # Chrome-word matching on class/id must stay linear on 10 MB of class words.
    words = ("share-" * (2 * MB)) + "x"
    page = article_html(EN)
    return page.replace("<article>", f'<div class="{words}" id="{"a-" * MB}"></div><article>').encode()


def _many_attributes() -> bytes:
    # libxml2 checks duplicate attributes pairwise: 100,000 on one element took over 3 minutes here.
    attrs = " ".join(f"data-a{i}='{i}'" for i in range(ATTRIBUTES_ON_ONE_ELEMENT))
    return article_html(EN).replace("<article>", f"<article {attrs}>").encode()


def _unclosed() -> str:
    return (
        "<html><head><title>Library to reopen</title><body><div><div><section><p>"
        + "<p>".join(EN)
        + "<table><tr><td>cell<td>cell<tr><td><ul><li>one<li>two<b><i><u><a href='/x'>link"
    )


def _entity_flood(entity: str, count: int) -> bytes:
    return article_html(EN).replace("<article>", f"<article><p>{entity * count}</p>").encode()


def _bad_numeric_entities() -> bytes:
    refs = [
        "&#x110000;",
        "&#99999999999;",
        "&#0;",
        "&#x0;",
        "&#xD800;",
        "&#55296;",
        "&#xDFFF;",
        "&#xFFFE;",
        "&#x1F;",
        "&#128;",
        "&#x9F;",
        "&#-1;",
        "&#x;",
        "&#;",
        "&#xFFFFFFFFFFFFFFFFFFFF;",
        "&#" + "9" * 5000 + ";",
        "&#x" + "F" * 5000 + ";",
        "&notanentity;",
        "&amp",
        "&lt&gt",
    ]
    flood = "".join(refs) * 2000
    paragraphs = tuple(p.replace(" the ", " the&#xD800; ", 1) for p in EN)
    return article_html(paragraphs).replace("<article>", f"<article><p>{flood}</p>").encode()


def _script_style_only() -> str:
    js = "var secretScriptValue = 'do not extract';" * 2000
    css = "body { color: red; } .secretStyleRule { display: none }" * 2000
    head = f"<head><script>{js}</script><style>{css}</style></head>"
    return f"<html>{head}<body><script>{js}</script></body></html>"


def _many_br() -> bytes:
    return (
        b"<html><body><div>"
        + b"<br>" * 1_000_000
        + b"<br><br>".join(p.encode() for p in EN)
        + b"</div></body></html>"
    )


def _deep_tables(depth: int) -> str:
    return (
        "<html><body>"
        + nested(depth, _en_paragraphs_html(), "<table><tr><td>", "</td></tr></table>")
        + "</body></html>"
    )


def _wide_table() -> bytes:
    row = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    return article_html(EN).replace("<article>", "<table>" + row * 1000 + "</table><article>").encode()


def _deep_inline(depth: int) -> str:
    inner = " ".join(EN)
    return "<html><body><p>" + nested(depth, inner, "<b><i>", "</i></b>") + "</p></body></html>"


def _long_words() -> str:
    word = "x" * MB
    url = "https://example.invalid/" + "a/" * 100_000
    return article_html((*EN, f"A word: {word} and a link text {url} end."))


def _zalgo() -> str:
    marks = "".join(chr(0x300 + i % 0x70) for i in range(100_000))
    return article_html((*EN, f"Zalgo text a{marks} b.", "e\u0301" * 50_000))


def _mixed_languages() -> str:
    return article_html((EN[0], ARTICLES["ru"][0], EN[1], ARTICLES["de"][0], EN[2], ARTICLES["zh"][0]))


# ------------------------------------------------------------------------------------------------
# Cases
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Expect:
    """What normalize() must do with a case.

    document     -- a Document is an acceptable outcome (else one of `errors` must be raised).
    errors       -- pipeline errors that are acceptable outcomes; `field` must start their message.
    contains     -- paragraphs that must appear in document.text (compared NFC, whitespace collapsed).
    absent       -- strings that must appear nowhere in the Document (text, paragraphs, metadata).
    empty_text   -- document.text must be "".
    nonempty     -- document.text must not be empty.
    language     -- the detected language (diagnostics and metadata).
    max_text_chars -- an upper bound on len(document.text), against entity-expansion blowups.
    no_controls  -- document.text holds no C0/C1 control characters besides the paragraph separator.
    """

    document: bool = True
    errors: tuple[type[PipelineError], ...] = ()
    field: str = ""
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    empty_text: bool = False
    nonempty: bool = False
    language: str = ""
    max_text_chars: int = 0
    no_controls: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    """One pathological input: how to make its bytes, how to call normalize(), what must happen."""

    name: str
    make: Callable[[], bytes]
    expect: Expect
    content_type: str = ""
    format: str = "auto"
    language: str = ""
    url: str = ""
    options: Options | None = None
    max_content_bytes: int | None = None
    big: bool = False
    rss_budget_mb: int = 0

    def call_kwargs(self) -> dict[str, object]:
        kwargs: dict[str, object] = {
            "url": self.url,
            "content_type": self.content_type,
            "format": self.format,
            "language": self.language,
            "options": self.options,
        }
        if self.max_content_bytes is not None:
            kwargs["max_content_bytes"] = self.max_content_bytes
        return kwargs


def _u8(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8")


def _lazy(make: Callable[[], str]) -> Callable[[], bytes]:
    return lambda: make().encode("utf-8")


def const_bytes(data: bytes) -> Callable[[], bytes]:
    return lambda: data


BINARY = Expect(document=False, errors=(UndecodableContentError,), field="content")
ARTICLE = Expect(contains=EN)
# Expanded, these entities would be gigabytes; unexpanded references may stay as text (150 KB at most).
SAFE_ARTICLE = Expect(contains=EN, absent=("lollol", "aaaaaaaaaa"), max_text_chars=MB)


def cases() -> Iterator[Case]:
    """Every case of the corpus, cheap to list: big contents are only built by `case.make()`."""
    # --- arguments and emptiness ------------------------------------------------------------------
    yield Case(
        "empty", const_bytes(b""), Expect(document=False, errors=(InvalidArgumentError,), field="content")
    )
    yield Case("whitespace_ascii", const_bytes(b" \t\r\n \n\n   \x0b\x0c "), Expect(empty_text=True))
    yield Case("whitespace_unicode", _u8("\u00a0\u3000\u2028\u2029\u200b\ufeff  \n"), Expect(empty_text=True))
    yield Case(
        "whitespace_html",
        _u8("<html><body>  <p> </p><div>&nbsp;</div>\n</body></html>"),
        Expect(empty_text=True),
    )
    yield Case("bom_only_utf8", const_bytes(b"\xef\xbb\xbf"), Expect(empty_text=True))
    yield Case("bom_only_utf16", const_bytes(b"\xff\xfe"), Expect(empty_text=True))
    yield Case(
        "too_large",
        _u8(article_html(EN)),
        Expect(document=False, errors=(ContentTooLargeError,), field="content"),
        max_content_bytes=1000,
    )
    yield Case(
        "format_unknown",
        _u8("x"),
        Expect(document=False, errors=(InvalidArgumentError,), field="format"),
        format="pdf",
    )
    yield Case(
        "language_unknown",
        _u8("x"),
        Expect(document=False, errors=(InvalidArgumentError,), field="language"),
        language="xx-unknown",
    )
    yield Case(
        "options_low_above_high",
        _u8("x"),
        Expect(document=False, errors=(InvalidArgumentError,), field="options.length_low"),
        options=Options(length_low=500, length_high=10),
    )
    yield Case(
        "options_nan_share",
        _u8(article_html(EN)),
        Expect(document=False, errors=(InvalidArgumentError,), field="options.stopwords_low"),
        options=Options(stopwords_low=float("nan")),
    )
    yield Case(
        "options_normalization_unknown",
        _u8("x"),
        Expect(document=False, errors=(InvalidArgumentError,), field="options.normalization"),
        options=Options(normalization="NFX"),
    )
    # --- binary -----------------------------------------------------------------------------------
    yield Case("binary_png", _png, BINARY)
    yield Case("binary_jpeg", _jpeg, BINARY)
    yield Case("binary_pdf", _pdf, BINARY)
    yield Case("binary_zip", _zip, BINARY)
    yield Case("binary_gzip_random", lambda: gzip.compress(_seeded(5).randbytes(16384)), BINARY)
    yield Case("binary_random", lambda: _seeded(6).randbytes(65536), BINARY)
    yield Case(
        "binary_png_declared_html", _png, BINARY, content_type="text/html; charset=utf-8", format="html"
    )
    yield Case(
        "gzip_html",  # a decoder may inflate it (then the article must come out) or refuse it
        lambda: gzip.compress(article_html(EN).encode()),
        Expect(errors=(UndecodableContentError,), field="content", contains=EN),
    )
    yield Case(
        "gzip_bomb",
        _gzip_bomb,
        Expect(
            errors=(UndecodableContentError, ContentTooLargeError), field="content", max_text_chars=10 * MB
        ),
        big=True,
        rss_budget_mb=600,
    )
    # --- NUL and invalid bytes --------------------------------------------------------------------
    yield Case(
        "nul_bytes_in_html",
        lambda: article_html(EN).replace("<p>", "<p>\x00").replace(" the ", " the\x00 ").encode(),
        Expect(nonempty=True),
    )
    yield Case(
        "nul_bytes_in_text", lambda: _text_dump(EN).replace(". ", ".\x00 ").encode(), Expect(nonempty=True)
    )
    yield Case(
        "nul_only",
        const_bytes(b"\x00" * 4096),
        Expect(errors=(UndecodableContentError,), field="content", empty_text=True),
    )
    yield Case("invalid_utf8", _utf8_with_invalid_bytes, ARTICLE)
    yield Case(
        "invalid_utf8_declared", _utf8_with_invalid_bytes, ARTICLE, content_type="text/html; charset=utf-8"
    )
    # --- UTF-16 / UTF-32 --------------------------------------------------------------------------
    for codec, bom in (
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
    ):
        html = article_html(EN, charset="")
        yield Case(f"{codec}_bom", const_bytes(bom + html.encode(codec)), ARTICLE)
        yield Case(f"{codec}_no_bom", const_bytes(html.encode(codec)), ARTICLE)
        yield Case(
            f"{codec}_no_bom_declared",
            const_bytes(html.encode(codec)),
            ARTICLE,
            content_type=f"text/html; charset={codec.replace('-le', 'le').replace('-be', 'be')}",
        )
        yield Case(
            f"{codec}_text_dump_bom",
            const_bytes(bom + _text_dump(ARTICLES["ru"]).encode(codec)),
            Expect(contains=ARTICLES["ru"]),
        )
    yield Case(
        "utf16_odd_length",
        lambda: b"\xff\xfe" + article_html(EN).encode("utf-16-le") + b"\x41",
        ARTICLE,
        content_type="text/html; charset=utf-16",
    )
    yield Case("utf16le_lone_surrogates", lambda: _utf16_lone_surrogates("le"), ARTICLE)
    yield Case("utf16be_lone_surrogates", lambda: _utf16_lone_surrogates("be"), ARTICLE)
    yield Case(
        "utf16_lone_surrogates_declared",
        lambda: _utf16_lone_surrogates("le")[2:],
        ARTICLE,
        content_type="text/html; charset=utf-16le",
    )
    # --- conflicting charset declarations ---------------------------------------------------------
    fr = ARTICLES["fr"]
    yield Case(
        "declared_latin1_bytes_utf8",
        lambda: article_html(fr, charset="iso-8859-1").encode("utf-8"),
        Expect(contains=fr, language="fr"),
        content_type="text/html; charset=ISO-8859-1",
    )
    yield Case(
        "declared_utf8_bytes_cp1252",
        lambda: article_html(fr, charset="utf-8").encode("cp1252"),
        Expect(contains=fr, language="fr"),
        content_type="text/html; charset=utf-8",
    )
    yield Case(
        "header_cp1251_meta_sjis_bytes_utf8",
        lambda: article_html(ARTICLES["ru"], charset="shift_jis").encode("utf-8"),
        Expect(contains=ARTICLES["ru"], language="ru"),
        content_type="text/html; charset=windows-1251",
    )
    yield Case(
        "bom_utf16_meta_utf8_xml_latin1",
        lambda: (
            b"\xff\xfe"
            + ('<?xml version="1.0" encoding="iso-8859-1"?>' + article_html(fr, charset="utf-8")).encode(
                "utf-16-le"
            )
        ),
        Expect(contains=fr),
        content_type="text/html; charset=iso-8859-1",
    )
    yield Case(
        "meta_utf16_bytes_utf8",  # WHATWG: a <meta> naming UTF-16 in ASCII-compatible bytes means UTF-8
        lambda: article_html(fr, charset="utf-16").encode("utf-8"),
        Expect(contains=fr),
    )
    for label in (
        "bogus-charset-xyz",
        "utf-7",
        "",
        '"utf-8"; charset=latin1',
        "x" * 10_000,
        "utf-8\x00latin1",
    ):
        yield Case(
            "content_type_charset_" + (_NAME_JUNK.sub("_", label[:12]).strip("_") or "blank"),
            _u8(article_html(fr, charset="utf-8")),
            Expect(contains=fr),
            content_type=f"text/html; charset={label}",
        )
    yield Case(
        "meta_charset_garbage",
        lambda: article_html(fr, charset="\x00" + "z" * 5000).encode("utf-8"),
        Expect(contains=fr),
    )
    yield Case(
        "many_meta_charsets",
        lambda: article_html(
            fr, head_extra='<meta charset="koi8-r">' * 1000 + '<meta charset="big5">'
        ).encode("utf-8"),
        Expect(contains=fr),
    )
    # --- sizes ------------------------------------------------------------------------------------
    yield Case("single_line_html_20mb", _twenty_mb_html_line, ARTICLE, big=True, rss_budget_mb=2500)
    yield Case("single_line_text_20mb", _twenty_mb_text_line, Expect(), big=True, rss_budget_mb=2500)
    yield Case("million_tiny_elements", _million_elements, ARTICLE, big=True, rss_budget_mb=2000)
    yield Case("short_lines_30k_text", lambda: _short_lines(30_000), Expect())
    yield Case(
        "million_short_lines_text", lambda: _short_lines(1_000_000), Expect(), big=True, rss_budget_mb=2500
    )
    yield Case("million_br", _many_br, Expect(), big=True, rss_budget_mb=2000)
    yield Case(
        "huge_attribute_10mb", lambda: _huge_attribute("data-blob"), ARTICLE, big=True, rss_budget_mb=1000
    )
    yield Case(
        "huge_lang_attribute", lambda: article_html(EN, lang="en" + "-x" * MB).encode(), ARTICLE, big=True
    )
    yield Case("huge_class_attributes", _huge_class, ARTICLE, big=True, rss_budget_mb=1000)
    yield Case("many_attributes", _many_attributes, ARTICLE, big=True)
    yield Case(
        "huge_title",
        lambda: article_html(EN, title="Headline " * MB).encode(),
        Expect(nonempty=True),
        big=True,
    )
    yield Case("extremely_long_words", _lazy(_long_words), Expect(nonempty=True), big=True)
    yield Case(
        "extremely_long_word_text",
        lambda: ("x" * (5 * MB) + "\n\n" + _text_dump(EN)).encode(),
        Expect(nonempty=True),
        big=True,
    )
    yield Case("combining_mark_flood", _lazy(_zalgo), ARTICLE, big=True)
    yield Case("wide_table", _wide_table, ARTICLE, big=True)
    # --- nesting ----------------------------------------------------------------------------------
    for depth in (300, 1000, 2000, 5000):
        yield Case(
            f"article_nested_{depth}_divs",
            const_bytes(("<html><body>" + nested(depth, _en_paragraphs_html()) + "</body></html>").encode()),
            ARTICLE,
        )
    yield Case(
        "article_nested_300_mixed",
        lambda: (
            "<html><body>"
            + nested(100, _en_paragraphs_html(), "<div><section><span>", "</span></section></div>")
            + "</body></html>"
        ).encode(),
        ARTICLE,
    )
    yield Case(
        "article_after_2100_deep_widget",
        lambda: article_html(EN).replace("<article>", nested(2100, "widget") + "<article>").encode(),
        ARTICLE,
    )
    yield Case(
        "article_inside_100000_divs",
        lambda: ("<html><body>" + nested(100_000, _en_paragraphs_html()) + "</body></html>").encode(),
        ARTICLE,
        big=True,
        rss_budget_mb=1500,
    )
    yield Case(
        "article_after_100000_divs",
        lambda: article_html(EN).replace("<article>", nested(100_000, "x") + "<article>").encode(),
        ARTICLE,
        big=True,
        rss_budget_mb=1500,
    )
    yield Case(
        "nested_100000_divs_unclosed", lambda: b"<html><body>" + b"<div>" * 100_000 + b"x", Expect(), big=True
    )
    yield Case("deep_tables_300", lambda: _deep_tables(300).encode(), ARTICLE)
    yield Case("deep_tables_3000", lambda: _deep_tables(3000).encode(), ARTICLE, big=True)
    yield Case(
        "deep_inline_5000", lambda: _deep_inline(5000).encode(), Expect(contains=(" ".join(EN),)), big=True
    )
    yield Case(
        "deep_lists_3000",
        lambda: (
            "<html><body>" + nested(3000, _en_paragraphs_html(), "<ul><li>", "</li></ul>") + "</body></html>"
        ).encode(),
        ARTICLE,
        big=True,
    )
    # --- malformed markup -------------------------------------------------------------------------
    yield Case("unclosed_tags", _lazy(_unclosed), ARTICLE)
    yield Case("unclosed_title", lambda: article_html(EN).replace("</title>", "").encode(), Expect())
    yield Case("truncated_mid_tag", lambda: (article_html(EN)[:-40] + "<p class='x").encode(), ARTICLE)
    yield Case(
        "unclosed_comment",
        lambda: article_html(EN).replace("</article>", "</article><!-- never closed").encode(),
        ARTICLE,
    )
    yield Case(
        "unclosed_script",
        lambda: article_html(EN).replace("</article>", "</article><script>var x = 1;").encode(),
        ARTICLE,
    )
    yield Case(
        "unclosed_cdata_and_pi",
        lambda: article_html(EN).replace("</article>", "</article><![CDATA[ <?php x").encode(),
        ARTICLE,
    )
    yield Case(
        "stray_end_tags", lambda: ("</div></p></html></body>" * 10_000 + article_html(EN)).encode(), ARTICLE
    )
    yield Case(
        "plaintext_element",
        lambda: article_html(EN).replace("<footer>", "<plaintext><footer>").encode(),
        ARTICLE,
    )
    yield Case(
        "svg_math_template_noscript",
        lambda: (
            article_html(EN)
            .replace(
                "<article>",
                "<svg><text>svg text</text><foreignObject><p>fo</p></foreignObject></svg>"
                "<math><mi>x</mi></math>"
                "<template><p>template</p></template><noscript><p>enable js</p></noscript><article>",
            )
            .encode()
        ),
        ARTICLE,
    )
    yield Case("frameset", _u8("<html><frameset><frame src='a'><frame src='b'></frameset></html>"), Expect())
    # The tree repairs parse_html makes (blocks_html): each must stay linear in what it moves.
    yield Case(
        "many_pages_after_the_page",
        lambda: (article_html(EN) + "<html><body><p>more</p></body></html>tail" * 20_000).encode(),
        ARTICLE,
        big=True,
    )
    yield Case(
        "many_streamed_segments",
        lambda: (
            article_html(EN)
            .replace(
                "</article>",
                "</article><div>"
                + "".join(f'<template id="B:{n}"></template><p>Loading...</p>' for n in range(20_000))
                + "</div>"
                + "".join(f'<div hidden id="S:{n}"><p>late {n}</p></div>' for n in range(20_000))
                + "<script>"
                + "".join(f'$RC("B:{n}","S:{n}");' for n in range(20_000))
                + "</script>",
            )
            .encode()
        ),
        ARTICLE,
        big=True,
    )
    yield Case(
        "streamed_segments_under_deep_nesting",
        lambda: (
            article_html(EN)
            .replace(
                "</article>",
                "</article>"
                + "<div>" * 2_000
                + "".join(f'<template id="B:{n}"></template>' for n in range(5_000))
                + "</div>" * 2_000
                + "".join(f'<div hidden id="S:{n}"><p>late {n}</p></div>' for n in range(5_000)),
            )
            .encode()
        ),
        ARTICLE,
        big=True,
    )
    yield Case(
        "buttons_left_open",
        lambda: ("<button><div>" * 3_000 + article_html(EN)).encode(),
        Expect(),
        big=True,
    )
    yield Case(
        "comments_only",
        _u8("<!--" + "x" * 100_000 + "-->" + "<!-- a --><!-- b -->" * 1000),
        Expect(empty_text=True),
    )
    # --- entities ---------------------------------------------------------------------------------
    yield Case(
        "entity_flood_amp", lambda: _entity_flood("&amp;", 1_000_000), ARTICLE, big=True, rss_budget_mb=1500
    )
    yield Case(
        "entity_flood_nbsp", lambda: _entity_flood("&nbsp;", 1_000_000), ARTICLE, big=True, rss_budget_mb=1500
    )
    yield Case(
        "entity_flood_text_dump",
        lambda: ("&amp;" * 1_000_000 + "\n\n" + _text_dump(EN)).encode(),
        Expect(),
        big=True,
    )
    # Each paragraph holds "&#xD800;" after its first " the ": what follows it must come out intact.
    tails = tuple(p.split(" the ", 1)[1] for p in EN)
    yield Case("numeric_entities_out_of_range", _bad_numeric_entities, Expect(contains=tails), big=True)
    yield Case("billion_laughs", _billion_laughs, SAFE_ARTICLE)
    yield Case("billion_laughs_as_html", _billion_laughs, SAFE_ARTICLE, format="html")
    yield Case("quadratic_blowup", _quadratic_blowup, SAFE_ARTICLE, big=True)
    yield Case(
        "xxe_etc_passwd",
        lambda: xxe_page("file:///etc/passwd"),
        Expect(contains=EN, absent=("root:", "/bin/")),
    )
    yield Case(
        "xxe_parameter_entity",
        lambda: xxe_page("file:///etc/passwd", parameter=True),
        Expect(contains=EN, absent=("root:", "/bin/")),
    )
    # --- script/style, controls ---------------------------------------------------------------------
    yield Case(
        "script_style_only",
        _lazy(_script_style_only),
        Expect(empty_text=True, absent=("secretScriptValue", "secretStyleRule")),
    )
    yield Case(
        "script_style_only_as_text",
        _lazy(_script_style_only),
        Expect(),
        format="text",
    )
    yield Case("control_characters", _lazy(_controls), Expect(contains=(), nonempty=True, no_controls=True))
    # A block of nothing but control characters ("\x1c" and "\x1d" also split lines for str.splitlines):
    # repair empties it, so it must not stay as a kept, empty paragraph (found by bench/fuzz_atheris.py).
    controls_only = "\x1c\x01\x1d"
    yield Case(
        "control_only_heading_html",
        _u8(article_html(EN).replace("<h1>", f"<h2>{controls_only}</h2><h1>")),
        ARTICLE,
    )
    yield Case(
        "control_only_line_text",
        _u8(_text_dump(EN).replace("\n\n", f"\n\n{controls_only}\n\n", 1)),
        ARTICLE,
    )
    yield Case(
        "c1_controls_in_kept_text",  # U+0081 and U+008D have no cp1252 meaning: they are plain damage
        _u8(article_html((EN[0].replace(" the ", " the\x81\x8d ", 1), EN[1], EN[2]))),
        Expect(contains=EN[1:], no_controls=True),
    )
    yield Case("deep_json_ld", _lazy(_deep_jsonld), ARTICLE, big=True)
    yield Case("odd_metadata", _lazy(_odd_jsonld), ARTICLE, url="https://example.invalid/a/b")
    yield Case("odd_url_argument", _u8(article_html(EN)), ARTICLE, url="http://[bad::url/" + "é" * 10_000)
    for label, url in (
        ("nul", "https://example.invalid/a\x00b"),
        ("lone_surrogate", "https://example.invalid/\udc80"),
    ):
        yield Case(
            f"url_with_{label}",  # rejected as a bad argument, or dropped: never copied into the Document
            _u8(article_html(EN)),
            Expect(errors=(InvalidArgumentError,), field="url", contains=EN),
            url=url,
        )
    yield Case("odd_text_dump_chrome", _lazy(_odd_text_dump), ARTICLE, format="text")
    yield Case("cr_only_line_endings", lambda: _text_dump(EN).replace("\n", "\r").encode(), ARTICLE)
    # --- scripts and languages ----------------------------------------------------------------------
    for code in SCRIPT_LANGUAGES:
        paragraphs = ARTICLES[code]
        language = code if code in STOPLIST_LANGUAGES else ""
        yield Case(
            f"script_{code}_html",
            _u8(article_html(paragraphs, title=paragraphs[0][:30])),
            Expect(nonempty=True, contains=paragraphs, language=language),
        )
        yield Case(
            f"script_{code}_text",
            _u8(_text_dump(paragraphs)),
            Expect(nonempty=True, contains=paragraphs, language=language),
        )
    yield Case("mixed_languages", _lazy(_mixed_languages), Expect(contains=EN, language="en"))
    yield Case(
        "declared_wrong_language",
        _u8(article_html(ARTICLES["ru"], lang="en")),
        Expect(contains=ARTICLES["ru"], language="ru"),
    )


# ------------------------------------------------------------------------------------------------
# Invariants every Document must satisfy
# ------------------------------------------------------------------------------------------------
_KINDS = frozenset({"heading", "paragraph", "list_item", "quote", "code", "table", "caption"})


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def document_strings(doc: Document) -> Iterator[tuple[str, str]]:
    """Every string a Document carries, with where it is."""
    yield "text", doc.text
    for i, paragraph in enumerate(doc.paragraphs):
        yield f"paragraphs[{i}].text", paragraph.text
        yield f"paragraphs[{i}].reason", paragraph.reason
        yield f"paragraphs[{i}].source", paragraph.source
    meta = doc.metadata
    for name in ("title", "published", "site_name", "url", "language", "description", "sha256"):
        yield f"metadata.{name}", getattr(meta, name)
    for i, author in enumerate(meta.authors):
        yield f"metadata.authors[{i}]", author
    for i, tag in enumerate(meta.tags):
        yield f"metadata.tags[{i}]", tag
    yield "diagnostics.encoding", doc.diagnostics.encoding
    yield "diagnostics.language", doc.diagnostics.language


def check_document(doc: Document, options: Options | None) -> None:
    """Assert the invariants of a Document returned by normalize() called with `options`."""
    opts = options or Options()
    assert isinstance(doc, Document), type(doc)
    for where, value in document_strings(doc):
        assert isinstance(value, str), f"{where} is {type(value).__name__}"
        assert "\x00" not in value, f"NUL in {where}"
        assert not _has_surrogate(value), f"lone surrogate in {where}"
    text = doc.text
    diag = doc.diagnostics
    meta = doc.metadata
    if opts.include_paragraphs:
        kept = [p for p in doc.paragraphs if p.kept]
        assert text == "\n\n".join(p.text for p in kept), (
            "text is not the kept paragraphs joined by a blank line"
        )
        assert diag.blocks_kept == len(kept), f"blocks_kept {diag.blocks_kept} != kept paragraphs {len(kept)}"
        assert diag.blocks_seen == len(doc.paragraphs), (
            f"blocks_seen {diag.blocks_seen} != {len(doc.paragraphs)}"
        )
        for p in doc.paragraphs:
            assert p.kind in _KINDS, f"unknown paragraph kind {p.kind!r}"
        for p in kept:
            assert p.text.strip(), "a kept paragraph is empty"
    else:
        assert doc.paragraphs == (), "paragraphs returned although include_paragraphs is off"
        assert (diag.blocks_kept == 0) == (text == ""), "blocks_kept disagrees with text"
    assert diag.blocks_kept <= diag.blocks_seen
    assert meta.word_count == count_words(text), "word_count"
    assert meta.char_count == len(text), "char_count"
    assert meta.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest(), "sha256"
    assert 0 <= meta.simhash < 2**64, "simhash out of range"
    assert diag.format in ("html", "text"), diag.format
    assert meta.language == diag.language, "metadata.language != diagnostics.language"
    if opts.normalization:
        form = cast(Literal["NFC", "NFD", "NFKC", "NFKD"], opts.normalization)
        assert unicodedata.is_normalized(form, text), f"text is not {form}"
        for name in ("title", "site_name", "description"):
            value = getattr(meta, name)
            assert unicodedata.is_normalized(form, value), f"metadata.{name} is not {form}"


def check_expectations(doc: Document, expect: Expect) -> None:
    """Assert a case's own expectations on a Document."""
    text = doc.text
    if expect.empty_text:
        assert text == "", f"expected empty text, got {text[:200]!r}"
    if expect.nonempty:
        assert text.strip(), "expected some text, got none"
    collapsed = " ".join(text.split())
    for paragraph in expect.contains:
        wanted = expected_text(paragraph)
        assert wanted in collapsed, f"missing from text: {wanted[:80]!r}… (text starts {collapsed[:200]!r})"
    for needle in expect.absent:
        for where, value in document_strings(doc):
            assert needle not in value, f"{needle!r} found in {where}"
    if expect.language:
        assert doc.diagnostics.language == expect.language, (
            f"language {doc.diagnostics.language!r} ({doc.diagnostics.language_source}), "
            f"expected {expect.language!r}"
        )
    if expect.max_text_chars:
        assert len(text) <= expect.max_text_chars, f"text has {len(text)} characters"
    if expect.no_controls:
        bad = sorted({f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"})
        assert not bad, f"control characters in text: {bad[:10]}"
