"""The command line's own lines, in Chinese and English, one line per key.

Each key maps to ``(Chinese, English)`` templates with the same ``str.format``
placeholders (the English may add a width, ``{row:<6}``). The words kept in
the Chinese lines are those a clerk types or reads as they are: option names
(``--tier``, ``--format json``), ``mutualaid``, file names, pack names and
codes.

>>> LINES["check.result_ok"]
('结果：通过，没有阻止提交的问题', 'Result: OK, nothing blocks')

Since 0.1.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["ERRORS", "LINES"]

#: Key -> (Chinese, English).
# fmt: off
LINES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # mutualaid check
        "check.heading": ("{files}：规则包 {pack}，保障计划 {plan} {plan_name}{tier}，核验日 {on}", "{files}: pack {pack}, plan {plan} {plan_name}{tier}, judged on {on}"),
        "check.heading_tier": ("，档位 {tier}（{tier_name}）", ", tier {tier} ({tier_name})"),
        "check.no_file": ("名单", "roster"),
        "check.row": ("第{row}行", "row {row}"),
        "check.rows_with_findings": ("有问题的行：{count}", "Rows with findings: {count}"),
        "check.more_rows": ("  …… 另有{more}行有问题（见 --format json；不通过的行可用 --errors-out FILE.xlsx 导出）", "  … and {more} more rows with findings (see --format json, or --errors-out FILE.xlsx for the rejected ones)"),
        "check.roster_findings": ("名单问题：", "Roster findings:"),
        "check.at_row": ("（第{row}行）", " (row {row})"),
        "check.summary": ("共{rows}行：通过{accepted}，需补充材料{needs_material}，不通过{rejected}（空行{blank}）", "Rows {rows}: accepted {accepted}, needs material {needs_material}, rejected {rejected} (blank rows: {blank})"),
        "check.amount_due": ("应缴金额：{amount}元，共{members}人", "Amount due: {amount} yuan for {members} member(s)"),
        "check.materials": ("补充材料：{count}行提供证明材料并经审核后可通过", "Materials: {count} row(s) go through once proof is supplied"),
        "check.errors_written": ("不通过的行已写入{path}：请修改后重新导入该文件", "Rejected rows written to {path}: fix them and import that file again"),
        "check.errors_written_json": ("不通过的行已写入{path}", "rejected rows written to {path}"),
        "check.no_rejected": ("没有不通过的行，未生成错误清单", "No rejected rows: no error workbook written"),
        "check.result_blocked": ("结果：不能提交，请修改上面不通过的行和名单问题", "Result: BLOCKED, fix the rejected rows and the roster findings above"),
        "check.result_ok": ("结果：通过，没有阻止提交的问题", "Result: OK, nothing blocks"),
        "check.progress": ("\r读取中 [{bar}] {percent:3d}% {rows:,}/{total:,}行", "\rreading [{bar}] {percent:3d}% {rows:,}/{total:,} rows"),
        "check.progress_unknown": ("\r读取中…… {rows:,}行", "\rreading… {rows:,} rows"),
        "check.tier_needed": ("须用 --tier 指定档位：保障计划{plan}的档位有{tiers}", "--tier is needed: plan {plan} has tiers {tiers}"),
        "check.tier_choice": ("{code}（{name}）", "{code} ({name})"),
        "list.separator": ("、", ", "),
        "check.cannot_read": ("无法读取{name}：{reason}", "cannot read {name}: {reason}"),
        # row statuses and severities
        "status.accepted": ("通过", "accepted"),
        "status.needs_material": ("需补充材料", "needs_material"),
        "status.rejected": ("不通过", "rejected"),
        "severity.error": ("错误", "error"),
        "severity.needs_material": ("需补充材料", "needs_material"),
        "severity.warning": ("提示", "warning"),
        # mutualaid packs
        "packs.pack": ("{name} {version}（地区 {region}{base}）{title}", "{name} {version} (region {region}{base}) {title}"),
        "packs.extends": ("，继承 {extends}", ", extends {extends}"),
        "packs.no_plans": ("  （没有保障计划）", "  (no plans)"),
        "packs.gift": (" [赠送]", " [gift]"),
        "packs.max_shares": ("，最多{shares}份", ", up to {shares} shares"),
        "packs.split": ("（个人{member} + 补贴{subsidy}）", " (member {member} + subsidy {subsidy})"),
        "packs.high_risk": ("，高危{amount}", ", high-risk {amount}"),
        "packs.none": ("没有安装规则包（请用 pip 安装 mutualaid-pack-* 分发包）", "no rule packs installed (pip install a mutualaid-pack-* distribution)"),
        "packs.illustrative": ("* 示意值：该地区的操作手册没有给出，见规则包的文档", "* illustrative: the region's manual gives no value; see the pack's docs"),
        # mutualaid template
        "template.wrote": ("已写入{path}：{headers}", "wrote {path}: {headers}"),
        "template.not_xlsx": ("模板是 .xlsx 工作簿：请命名为{stem}.xlsx", "the template is an .xlsx workbook: name it {stem}.xlsx"),
        "template.cannot_write": ("无法写入{path}：{reason}", "cannot write {path}: {reason}"),
        # mutualaid new-pack
        "new_pack.bad_name": ("不是规则包名称：{name!r}（小写字母和数字，单词之间用 - 连接）", "not a pack name: {name!r} (lowercase letters and digits, words joined by -)"),
        "new_pack.bad_year": ("不是保障年度：{year}", "not a coverage year: {year}"),
        "new_pack.wrote": ("已写入{root}\n下一步：cd {root} && pip install -e '.[test]' && pytest\n然后把每个标为 illustrative 的示意值换成该地区的数值并注明出处\n", "wrote {root}\nnext: cd {root} && pip install -e '.[test]' && pytest\nthen replace every value marked illustrative with the region's figure and its source\n"),
        # mutualaid (every command)
        "main.pack_left_out": ("mutualaid：规则包 {name} 无法加载，已略过：{kind}：{error}", "mutualaid: pack {name} left out, it cannot load: {kind}: {error}"),
        "main.error": ("{prog}：错误：{message}", "{prog}: error: {message}"),
        # mutualaid --help, and the usage errors the parser reports
        "help.description": ("职工互助保障工具。", "Workers' mutual-aid insurance tools."),
        "help.usage": ("用法：", "usage: "),
        "help.positionals": ("位置参数", "positional arguments"),
        "help.options": ("选项", "options"),
        "help.help": ("显示本帮助并退出", "show this help message and exit"),
        "help.version": ("显示版本号并退出", "print the version and exit"),
        "help.lang": ("输出语言：zh（中文）或 en（英文）；默认按系统区域设置（zh_* 为中文）", "output language: zh (Chinese) or en (English); default from the locale (zh_* gives zh)"),
        "help.command.packs": ("列出已安装的规则包及其保障计划、档位和价格", "list installed rule packs, their plans, tiers and prices"),
        "help.command.check": ("按规则包对某一保障计划核验名单文件", "check a roster file against a pack's rules for a plan"),
        "help.command.template": ("为某一保障计划生成规则包的名单模板（.xlsx）", "write a pack's roster template (.xlsx) for a plan"),
        "help.command.new-pack": ("生成一个新的规则包项目：数据、场景和测试", "write a new rule pack project with data, scenarios and tests"),
        "usage.invalid_choice": ("参数 {argument}：无效的选择 {value}（可选：{choices}）", "argument {argument}: invalid choice: {value} (choose from {choices})"),
        "usage.required": ("缺少必填参数：{names}", "the following arguments are required: {names}"),
        "usage.unrecognized": ("无法识别的参数：{names}", "unrecognized arguments: {names}"),
        "usage.expected_one": ("参数 {argument}：需要一个值", "argument {argument}: expected one argument"),
        "usage.not_a_date": ("参数 {argument}：不是日期（应写成 2026-06-30 这样的年-月-日）：{value}", "argument {argument}: not a date (YYYY-MM-DD): {value}"),
        "usage.invalid_value": ("参数 {argument}：无效的值：{value}", "argument {argument}: invalid value: {value}"),
        "usage.other": ("用法有误：{message}", "{message}"),
        "main.failed": ("{prog}：{kind}：{message}", "{prog}: {kind}: {message}"),
        "main.detail": ("  详情（英文）：{detail}", "  detail: {detail}"),
        "main.detail_in_english": ("  （错误原文为英文：加 --lang en 重新运行可见）", "  (run again with --lang en for the error's own text)"),
        "main.choose_command": ("mutualaid：错误：请选择一个命令（见 mutualaid --help）", "mutualaid: error: choose a command (see mutualaid --help)"),
        "main.internal_error": ("mutualaid {command}：内部错误，请连同下面的回溯信息一起报告（原因不在所给的文件和选项）\n", "mutualaid {command}: internal error, please report it with the traceback below (the files and options given are not the cause)\n"),
    }
)
# fmt: on

#: An error class's name -> (Chinese, English) summary of what went wrong, for
#: the error line of the chosen language (the most specific class listed wins).
# fmt: off
ERRORS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "MutualAidError": ("出错了", "error"),
        "InvalidIdentifier": ("证件号码或代码不正确", "invalid identifier"),
        "InvalidAmount": ("金额不正确", "invalid amount"),
        "ConversionError": ("数据无法转换", "cannot convert the data"),
        "SchemaValidationError": ("数据不符合格式要求", "the data does not match its schema"),
        "PackError": ("规则包出错", "rule pack error"),
        "PackLoadError": ("规则包无法加载", "a rule pack cannot be loaded"),
        "PackDataError": ("规则包的数据文件有误", "a rule pack's data file is invalid"),
        "UnknownPack": ("没有这个规则包（用 mutualaid packs 查看已安装的规则包）", "no such rule pack (run mutualaid packs to list them)"),
        "UnknownPlan": ("没有这个保障计划（用 mutualaid packs 查看各规则包的保障计划）", "no such plan (run mutualaid packs to list each pack's plans)"),
        "RosterError": ("名单文件无法读取", "the roster cannot be read"),
        "RosterFileError": ("名单文件无法读取", "the roster file cannot be read"),
        "SheetNotFound": ("找不到名单所在的工作表（请用 --sheet 指定）", "the roster's sheet is not found (name it with --sheet)"),
        "MissingColumn": ("名单缺少必填列（请对照模板的表头）", "the roster lacks a required column (compare its headers with the template's)"),
        "LifecycleError": ("当前状态下不能进行此操作", "the action is not allowed now"),
        "StoreError": ("数据存储出错", "store error"),
        "InvalidDate": ("日期不正确", "invalid date"),
    }
)
# fmt: on
