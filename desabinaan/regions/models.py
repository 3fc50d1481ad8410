from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency/city")
    KECAMATAN = "kecamatan", _("District")
    DESA = "desa", _("Village")


# The number of code segments fixes the level: "63" → provinsi … "63.05.03.2003" → desa.
LEVEL_BY_DEPTH = {1: Level.PROVINSI, 2: Level.KABUPATEN, 3: Level.KECAMATAN, 4: Level.DESA}


class RegionCodeField(models.CharField):
    """A Kemendagri code column, compared byte by byte on every database.

    Scope filters are ranges (`code >= '19.04.' AND code < '19.04/'`, accounts/scope.py) that are
    only right when '.' sorts just before '/', as bytes do. SQLite compares bytes already; on
    PostgreSQL a language collation (en_US…) ignores punctuation, so the column gets collation
    "C" there. Foreign keys to Region take the collation of this column with it, so every
    scoped record's region column sorts the same way and its plain b-tree index serves the range.
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class Region(models.Model):
    """One Kemendagri region. The code is the primary key so that every scoped record's foreign
    key column *is* the region code, and scope filters are prefix matches without a join."""

    code = RegionCodeField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Level 4 only: the fourth code segment starts with 1 for a kelurahan, 2 (or 3, desa adat)
    # for a desa.
    is_kelurahan = models.BooleanField(_("kelurahan"), default=False)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    # Denormalised at load time so lists and the API show the place without walking parents.
    path = models.CharField(_("path"), max_length=255)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["level", "name_folded"], name="region_level_name")]

    def __str__(self) -> str:
        return self.path or self.name

    @property
    def kind_label(self) -> str:
        """What a person calls it: Desa / Kelurahan / Kecamatan / Kabupaten / Kota / Provinsi."""
        if self.level == Level.DESA:
            return str(_("Kelurahan")) if self.is_kelurahan else str(_("Desa"))
        if self.level == Level.KABUPATEN:
            return str(_("Kota")) if self.name.startswith("Kota") else str(_("Kabupaten"))
        if self.level == Level.KECAMATAN:
            return str(_("Kecamatan"))
        return str(_("Provinsi"))

    @property
    def parent_path(self) -> str:
        """The path without its own name: 'Tapin Tengah, Kab. Tapin, Kalimantan Selatan'."""
        return self.path.partition(", ")[2]

    def ancestor_codes(self) -> list[str]:
        """Codes from the province down to this region, itself included."""
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]


class OfficeKind(models.TextChoices):
    KANWIL = "kanwil", _("Regional office (Kanwil)")
    KANIM = "kanim", _("Immigration office (Kanim)")
    RUDENIM = "rudenim", _("Immigration detention centre (Rudenim)")


class OfficeClass(models.TextChoices):
    KELAS_I_KHUSUS_TPI = "I_KHUSUS_TPI", "Kelas I Khusus TPI"
    KELAS_I_TPI = "I_TPI", "Kelas I TPI"
    KELAS_I_NON_TPI = "I_NON_TPI", "Kelas I Non TPI"
    KELAS_II_TPI = "II_TPI", "Kelas II TPI"
    KELAS_II_NON_TPI = "II_NON_TPI", "Kelas II Non TPI"


class Office(models.Model):
    """A Kanwil, Kanim or Rudenim with the regions it answers for. A Kanim's jurisdiction is a set
    of kabupaten/kota; a Kanwil's is its province."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=OfficeKind.choices)
    office_class = models.CharField(
        _("class"), max_length=12, choices=OfficeClass.choices, blank=True
    )
    kanwil = models.ForeignKey(
        "self",
        verbose_name=_("regional office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        limit_choices_to={"kind": OfficeKind.KANWIL},
    )
    jurisdiction = models.ManyToManyField(
        Region, verbose_name=_("jurisdiction"), related_name="offices", blank=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Where the office is: the last fallback for where a map of its area opens and for which
    # map points are too far (regions/geo.py). Optional columns of the offices file.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name
