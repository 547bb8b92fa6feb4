"""SQL that validates and types one landing entity's text values inside DuckDB.

Every landing file is first read as text (all columns varchar). For each contract column
this module builds two SQL expressions over that text: the typed value for raw.<entity>
and a reason (NULL when the value is fine). The reasons of a row are joined with '; ' so a
quarantined row says everything that is wrong with it at once. No Python loop ever touches
a row: DuckDB streams the file through these expressions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.entities import (
    BOOL,
    COUNTRY,
    COUNTRY_LIST,
    CURRENCY,
    DATE,
    DECIMAL,
    EPOCH_MS_OR_DATETIME,
    EPOCH_OR_DATETIME,
    INT,
    NON_NEGATIVE,
    POSITIVE,
    RAW_TYPES,
    STRING,
    TIMESTAMP,
    Column,
    Entity,
)
from ingestion.reference_codes import ISO_3166_ALPHA2, ISO_4217

TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")


def ident(name: str) -> str:
    """A quoted SQL identifier (file column names can hold anything)."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _in_list(values) -> str:
    return "(" + ", ".join(lit(v) for v in sorted(values)) + ")"


_ISO_4217_SQL = _in_list(ISO_4217)
_ISO_3166_SQL = _in_list(ISO_3166_ALPHA2)


def match_columns(entity: Entity, file_columns: list[str]) -> dict[str, str]:
    """Contract column name -> the file's column name, matched case-insensitively.

    A file column matches a contract column by the contract's source name (MT4/MT5 names
    such as `TimeMsc`) or by its raw name. The first file column wins on duplicates.
    """
    by_lower: dict[str, str] = {}
    for fc in file_columns:
        by_lower.setdefault(fc.lower(), fc)
    matched: dict[str, str] = {}
    for col in entity.columns:
        for candidate in (col.source_name, col.name):
            if candidate and candidate.lower() in by_lower:
                matched[col.name] = by_lower[candidate.lower()]
                break
    return matched


def _quoted_value(v: str) -> str:
    # "'abc'" in a reason; the value as it came (before defaults), truncated for huge text.
    return f"'''' || left({v}, 80) || ''''"


def _trimmed(src: str) -> str:
    """`trim(src)`, called only where it can change something (it costs ~70 ns a value).

    DuckDB's trim removes Unicode space separators (U+0020, U+00A0, U+3000...) at both
    ends. Such a character at an end means the first byte is a space or the text is not
    all ASCII (strlen, in bytes, differs from length), or the last byte is a space; text
    passing none of these tests is returned as it is, exactly what trim would return.
    """
    return (
        f"case when {src} < '!' or strlen({src}) <> length({src}) or suffix({src}, ' ') "
        f"then trim({src}) else {src} end"
    )


def text_value(col: Column, file_col: str | None) -> str:
    """The column's text after the empty -> NULL and default rules."""
    if file_col is None:
        return lit(col.default) if col.default is not None else "cast(null as varchar)"
    src = ident(file_col)
    # Typed or coded values are trimmed; free text is kept as it came (only '' -> NULL).
    v = (
        f"nullif({src}, '')"
        if col.kind == STRING and not (col.enum or col.check)
        else f"nullif({_trimmed(src)}, '')"
    )
    if col.default is not None:
        v = f"coalesce({v}, {lit(col.default)})"
    return v


def _timestamp(v: str) -> str:
    """ISO-8601 text to a UTC timestamp without offset.

    A value with a numeric offset after the date goes through timestamptz, which honours it
    (a plain timestamp cast silently drops it); the connection's TimeZone is UTC. Everything
    else (no offset, or `Z`) takes the plain cast, three times faster on big files, and falls
    back to timestamptz for forms only it reads (named zones).
    """
    tz = f"cast(try_cast({v} as timestamptz) as timestamp)"
    return (
        f"case when strpos(substr({v}, 11), '+') > 0 or strpos(substr({v}, 11), '-') > 0 "
        f"or {named_zone(v)} then {tz} else coalesce(try_cast({v} as timestamp), {tz}) end"
    )


def named_zone(v: str) -> str:
    """SQL: the text ends in a zone name (`Europe/Berlin`, `UTC`), which the plain timestamp
    cast would drop without a word. A letter is above every digit and separator in
    ASCII; `Z` (UTC) is left to the fast plain cast, which reads it right."""
    return f"(suffix({v}, 'Z') is false and right({v}, 1) >= 'A' and length({v}) > 10)"


def typed_value(col: Column, v: str) -> str:
    """SQL turning the text `v` into the raw column's type (NULL when it cannot)."""
    kind = col.kind
    if kind == STRING:
        return v
    if kind == INT:
        return f"try_cast({v} as bigint)"
    if kind == DECIMAL:
        return f"try_cast({v} as {RAW_TYPES[DECIMAL]})"
    if kind == BOOL:
        return (
            f"case when lower({v}) in {_in_list(TRUE_WORDS)} then true "
            f"when lower({v}) in {_in_list(FALSE_WORDS)} then false end"
        )
    if kind == TIMESTAMP:
        return _timestamp(v)
    if kind == DATE:
        # Years 1-9999 only: DuckDB also reads '0000-01-01' (1 BC) and five-digit years, which
        # no landing date means and which Python cannot hold (the FX conflict check crashed).
        d = f"try_cast({v} as date)"
        return f"case when {d} between date '0001-01-01' and date '9999-12-31' then {d} end"
    if kind in (EPOCH_OR_DATETIME, EPOCH_MS_OR_DATETIME):
        micros_per_unit = 1_000_000 if kind == EPOCH_OR_DATETIME else 1_000
        return (
            f"case when try_cast({v} as bigint) is not null "
            f"then make_timestamp(try_cast({v} as bigint) * {micros_per_unit}) "
            f"else {_timestamp(v)} end"
        )
    raise ValueError(f"unknown column kind {kind!r} of {col.name}")


MONEY_TOO_BIG = " does not fit the money type DECIMAL(18,2) (at most 16 digits before the point)"

# The longest field a landing record may hold (a user agent or URL is a few hundred bytes).
MAX_FIELD_BYTES = 100_000

UNKNOWN_ZONE = (
    " has a time zone that is neither an IANA name nor an offset (e.g. Europe/Berlin, +02:00)"
)

_TYPE_WORDS = {
    INT: "is not a whole number",
    DECIMAL: "is not a decimal number",
    BOOL: "is not a boolean (true/false, 1/0, yes/no)",
    TIMESTAMP: "is not an ISO-8601 timestamp",
    DATE: "is not a YYYY-MM-DD date",
    EPOCH_OR_DATETIME: "is neither epoch seconds nor a YYYY-MM-DD HH:MM:SS datetime",
    EPOCH_MS_OR_DATETIME: "is neither epoch milliseconds nor a datetime",
}


def reason_checks(col: Column, v: str, typed: str) -> list[tuple[str, str]]:
    """(condition, reason text) SQL pairs for one column of one row; the text is only
    evaluated for rows where its condition holds."""
    out: list[tuple[str, str]] = []
    name = col.name
    if col.required:
        out.append((f"{v} is null", lit(name + ": required value missing")))
    if col.kind != STRING:
        words = lit(" " + _TYPE_WORDS[col.kind])
        if col.kind in (TIMESTAMP, EPOCH_OR_DATETIME, EPOCH_MS_OR_DATETIME):
            words = f"case when {named_zone(v)} then {lit(UNKNOWN_ZONE)} else {words} end"
        if col.kind == DECIMAL:
            # A number too big for the raw type cannot fit the marts' money type either:
            # said as such, so the sender knows the value, not its spelling, is the problem.
            words = (
                f"case when isfinite(try_cast({v} as double)) then {lit(MONEY_TOO_BIG)} "
                f"else {words} end"
            )
        out.append(
            (
                f"{v} is not null and {typed} is null",
                f"{lit(name + ': ')} || {_quoted_value(v)} || {words}",
            )
        )
    if col.enum:
        if col.kind == INT and all(e == str(int(e)) for e in col.enum):
            # The same test as comparing the canonical text, without casting every value.
            not_in = f"{typed} not in ({', '.join(col.enum)})"
        else:
            as_text = v if col.kind == STRING else f"cast({typed} as varchar)"
            not_in = f"{as_text} not in {_in_list(col.enum)}"
        out.append(
            (
                f"{typed} is not null and {not_in}",
                f"{lit(name + ': ')} || {_quoted_value(v)} || {lit(' is not one of ' + '|'.join(col.enum))}",
            )
        )
    if col.check == CURRENCY:
        out.append(
            (
                f"{v} is not null and {v} not in {_ISO_4217_SQL}",
                f"{lit(name + ': ')} || {_quoted_value(v)} || ' is not an ISO 4217 code'",
            )
        )
    elif col.check == COUNTRY:
        out.append(
            (
                f"{v} is not null and {v} not in {_ISO_3166_SQL}",
                f"{lit(name + ': ')} || {_quoted_value(v)} || ' is not an ISO 3166 alpha-2 code'",
            )
        )
    elif col.check == COUNTRY_LIST:
        bad = f"list_filter(string_split({v}, ';'), lambda x: trim(x) <> '' and trim(x) not in {_ISO_3166_SQL})"
        out.append(
            (
                f"{v} is not null and len({bad}) > 0",
                (
                    f"{lit(name + ': ')} || {_quoted_value(v)} || ' has codes that are not ISO 3166 alpha-2: ' "
                    f"|| array_to_string({bad}, ';')"
                ),
            )
        )
    elif col.check == NON_NEGATIVE:
        out.append((f"{typed} < 0", f"{lit(name + ': ')} || {v} || ' is negative'"))
    elif col.check == POSITIVE:
        out.append((f"{typed} <= 0", f"{lit(name + ': ')} || {v} || ' is not positive'"))
    return out


@dataclass
class EntitySql:
    """SQL that splits one source relation into raw rows and quarantine rows.

    `staged(source_sql)` is a relation with, per contract column i, its text `__v{i}` and
    typed value `__t{i}` computed ONCE (each typed cast is costly: decimal(24,8) is a
    128-bit type), the file's own columns, `__line` and `__reason` (NULL when the row is good).
    """

    typed_columns: list[str]  # raw.<entity> contract column names, in order
    value_exprs: list[str]  # text value per contract column (over the file columns)
    typed_exprs: list[str]  # typed value per contract column (over __v{i})
    reason_parts: list[str]  # reason or NULL, over __v{i} / __t{i}
    problem_conds: list[str]  # one per reason part: true exactly when that part is not NULL
    extra_expr: str  # JSON text of the non-contract columns, NULL when the file has none
    raw_row_json: str  # the whole row as it came, a JSON value (NULL for a file without columns)

    @property
    def raw_row_expr(self) -> str:
        """The whole row as it came, as JSON text."""
        return f"cast({self.raw_row_json} as varchar)"

    @property
    def typed_refs(self) -> list[str]:
        return [f"__t{i}" for i in range(len(self.typed_columns))]

    def staged(self, source_sql: str) -> str:
        values = ", ".join(f"{e} as __v{i}" for i, e in enumerate(self.value_exprs))
        typed = ", ".join(f"{e} as __t{i}" for i, e in enumerate(self.typed_exprs))
        # The reasons text is built only for rows with a problem: a cheap OR of the
        # conditions first (nearly every row is good), the concatenation for the rest.
        reason = (
            f"case when {' or '.join(f'({c})' for c in self.problem_conds)} "
            f"then nullif(concat_ws('; ', {', '.join(self.reason_parts)}), '') end"
            if self.reason_parts
            else "null"
        )
        return (
            f"select *, {reason} as __reason from ("
            f"select *, {typed} from (select *, {values} from ({source_sql}) as s0) as s1) as s2"
        )


def build_entity_sql(
    entity: Entity,
    file_columns: list[str],
    extra_reasons: list[str] | None = None,
    hidden_columns: tuple[str, ...] = (),
) -> EntitySql:
    """Expressions over a relation whose columns are `file_columns` (all varchar).

    `extra_reasons` adds entity-specific row rules (they may use __v{i}/__t{i} or helper
    columns); `hidden_columns` are helper columns of the relation (not from the file) that
    must not appear in `_extra` or the raw row.
    """
    matched = match_columns(entity, file_columns)
    value_exprs: list[str] = []
    typed_exprs: list[str] = []
    reason_parts: list[str] = []
    problem_conds: list[str] = []
    for i, col in enumerate(entity.columns):
        value_exprs.append(text_value(col, matched.get(col.name)))
        typed_exprs.append(typed_value(col, f"__v{i}"))
        for cond, text in reason_checks(col, f"__v{i}", f"__t{i}"):
            reason_parts.append(f"case when {cond} then {text} end")
            problem_conds.append(cond)
    for extra in extra_reasons or []:
        reason_parts.append(extra)
        problem_conds.append(f"({extra}) is not null")

    visible = [c for c in file_columns if c not in hidden_columns]
    if visible:
        # One absurd field (10 MB in a click) quarantines its record, not the file.
        longest = f"greatest({', '.join(f'coalesce(strlen({ident(c)}), 0)' for c in visible)})"
        reason_parts.append(
            f"case when {longest} > {MAX_FIELD_BYTES} then 'record: a field of ' || {longest} "
            f"|| ' bytes, above the limit of {MAX_FIELD_BYTES}' end"
        )
        problem_conds.append(f"{longest} > {MAX_FIELD_BYTES}")
        # A NUL byte is in no landing value a person meant (it hides the rest of a key in
        # most tools, so `K\x002` would print as `K`): the record is quarantined, the
        # columns named.
        has_nul = " or ".join(f"coalesce(contains({ident(c)}, chr(0)), false)" for c in visible)
        nul_names = ", ".join(
            f"case when contains({ident(c)}, chr(0)) then {lit(c)} end" for c in visible
        )
        reason_parts.append(
            f"case when {has_nul} then 'record: a NUL byte in ' || concat_ws(', ', {nul_names}) end"
        )
        problem_conds.append(f"({has_nul})")
    used = set(matched.values())
    extras = [c for c in visible if c not in used]
    extra_expr = (
        f"cast(json_object({', '.join(f'{lit(c)}, {ident(c)}' for c in extras)}) as varchar)"
        if extras
        else "cast(null as varchar)"
    )
    raw_row_json = (
        # Each value cut at the field limit: the quarantine keeps evidence, not the 10 MB.
        f"json_object({', '.join(f'{lit(c)}, left({ident(c)}, {MAX_FIELD_BYTES})' for c in visible)})"
        if visible
        else "cast(null as json)"
    )
    return EntitySql(
        entity.column_names,
        value_exprs,
        typed_exprs,
        reason_parts,
        problem_conds,
        extra_expr,
        raw_row_json,
    )


def mt5_reversal_reason(entity: Entity, file_columns: list[str]) -> list[str]:
    """MT5: a buy/sell reversal (Entry 2) is unpriceable when the file has no closed volume.

    A reversal's own volume is the new position plus the closed one; without VolumeClosed
    or VolumeClosedExt the closed part cannot be told apart, so the row is quarantined.
    """
    matched = match_columns(entity, file_columns)
    if "volumeclosed" in matched or "volumeclosedext" in matched:
        return []
    names = entity.column_names
    action, entry = f"__t{names.index('action')}", f"__t{names.index('entry')}"
    return [
        (
            f"case when {action} in (0, 1) and {entry} = 2 then "
            "'entry: a buy/sell reversal (Entry 2) in a file without VolumeClosed and VolumeClosedExt "
            "columns: its closed volume cannot be known' end"
        )
    ]
