--[[ LEVL's report filter, run by both renderers (Pandoc: --lua-filter; Quarto: `filters` in
_quarto.yml), so that the two give the same document (issue 13, items 2 and 7).

All formats:
  * the period of the data collection goes under the title, in place of the date it ends on (from the data);
  * a number and "%" (or "<" and a number) never break apart: the space between them becomes a
    narrow no-break space (U+202F) or a no-break space (U+00A0), also in hand-written Markdown.
Typst (PDF) only:
  * a table or figure caption (captions.py: .table-caption / .figure-caption) is a block that sticks
    to what follows, so it is never the last text on a page;
  * tables get their column widths from their content (Pandoc's relative widths dropped), numbers in
    cells never wrap, and a table of at most SHORT_ROWS rows never breaks across pages (longer ones
    break, with the header row repeated: levl.typ);
  * a chart (an image alone in its paragraph, with the caption before it) stays where it is when it
    fits, else floats to the next page while the text goes on (levl.typ: levl-chart), so that it
    leaves no half-empty page behind;
  * the key messages (.key-messages) are a shaded box.
HTML only: each table sits in a .table-wrap box that scrolls sideways when the table is wider than
the text (report.css).
]]

local SHORT_ROWS = 20
local NNBSP = "\u{202F}"  -- narrow no-break space: 83,2 %
local NBSP = "\u{00A0}"

local function is_typst()
  return FORMAT:match("typst") ~= nil
end

local function raw(text)
  return pandoc.RawBlock("typst", text)
end

-- Typst (PDF): Pandoc writes a typed ’ as ' for Typst's smart quotes, and Typst pairs that with the
-- quotes before it: after "(euro)" it became an opening ‘ ("‘Maandelijkse huur (euro)‘"). The
-- character itself goes to Typst as it is, as the opening ‘ already does.
local function keep_closing_quotes(inlines)
  local out = pandoc.List()
  for _, el in ipairs(inlines) do
    if el.t == "Str" and el.text:find("’", 1, true) then
      local rest = el.text
      local s, e = rest:find("’", 1, true)
      while s do
        if s > 1 then out:insert(pandoc.Str(rest:sub(1, s - 1))) end
        out:insert(pandoc.RawInline("typst", "’"))
        rest = rest:sub(e + 1)
        s, e = rest:find("’", 1, true)
      end
      if #rest > 0 then out:insert(pandoc.Str(rest)) end
    else
      out:insert(el)
    end
  end
  return out
end

-- "83,2" + " " + "%" → "83,2 %" joined by U+202F; "<" + " " + "0,001" → joined by U+00A0
-- (nil, "unchanged", for most lists: Pandoc then keeps its own copy instead of reading the list back)
function Inlines(inlines)
  local changed = false
  local i = 1
  while i <= #inlines - 2 do
    local a = inlines[i]
    if a.t == "Str" then
      local s, b = inlines[i + 1], inlines[i + 2]
      local joiner = nil
      if (s.t == "Space" or s.t == "SoftBreak") and b.t == "Str" then
        local at, bt = a.text, b.text
        if at:match("%d$") and bt:match("^%%") then
          joiner = NNBSP
        elseif (at == "<" or at == ">" or at == "=" or at == "≤" or at == "≥") and bt:match("^%d") then
          joiner = NBSP
        end
      end
      if joiner then
        inlines[i] = pandoc.Str(a.text .. joiner .. b.text)
        inlines:remove(i + 1)
        inlines:remove(i + 1)
        changed = true
      else
        i = i + 1
      end
    else
      i = i + 1
    end
  end
  if is_typst() then
    for _, el in ipairs(inlines) do
      if el.t == "Str" and el.text:find("’", 1, true) then
        return keep_closing_quotes(inlines)
      end
    end
  end
  if changed then return inlines end
  return nil
end

function Meta(meta)
  if is_typst() then  -- the layout's own functions, for the raw Typst blocks below
    local includes = meta["header-includes"]
    if includes == nil then
      includes = pandoc.List({})
    elseif pandoc.utils.type(includes) ~= "List" then
      includes = pandoc.List({ includes })
    end
    includes:insert(pandoc.MetaBlocks({ raw('#import "levl.typ": levl-chart') }))
    meta["header-includes"] = includes
  end
  if meta.period and meta.date then
    -- the period ends on the report's date: "Periode: … tot 1 augustus 2024" and "1 augustus 2024" under it
    -- read as a date printed twice, so the period alone
    meta.date = pandoc.MetaInlines(pandoc.Inlines(meta.period))
  end
  return meta
end

-- a cell of numbers: digits, signs and at most short words ("8,2 tot 22,0", "< 0,001", "12 %")
local function numeric_text(text)
  return text ~= "" and text:match("%d") ~= nil and text:match("%a%a%a%a") == nil
end

local function numeric(cell)
  return numeric_text(pandoc.utils.stringify(cell.contents))
end

local function keep_numbers_whole(cell)
  if not numeric(cell) then return cell end
  return cell:walk({
    Space = function() return pandoc.Str(NBSP) end,
    SoftBreak = function() return pandoc.Str(NBSP) end,
  })
end

local function count_rows(tbl)
  local n = #tbl.head.rows
  for _, body in ipairs(tbl.bodies) do n = n + #body.body end
  return n
end

-- Column widths from the content. A table whose text fits on one line per cell gets auto columns;
-- a wider one gets shares from its content, each column at least as wide as its longest word (or its
-- whole text, for a cell of numbers), so that no word, header or number is split or overlaps the next
-- column. Widths are estimated in characters (CHARS_PER_LINE at the table's 8.5 pt on A4);
-- a table whose words alone need more than that is set a size smaller.
local CHARS_PER_LINE = 92

local function cell_texts(tbl)
  local cols = {}
  local function add(row, header)
    for j, cell in ipairs(row.cells) do
      cols[j] = cols[j] or {}
      table.insert(cols[j], { text = pandoc.utils.stringify(cell.contents), header = header })
    end
  end
  for _, row in ipairs(tbl.head.rows) do add(row, true) end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do add(row, false) end
  end
  return cols
end

local function column_widths(tbl)
  local cols = cell_texts(tbl)
  local natural, least = {}, {}
  local total_natural, total_least = 0, 0
  for j = 1, #tbl.colspecs do
    local nat, min = 3, 3
    for _, c in ipairs(cols[j] or {}) do
      local factor = c.header and 1.25 or 1.0  -- bold header text is wider
      local len = (utf8.len(c.text) or #c.text) * factor
      nat = math.max(nat, len)
      if numeric_text(c.text) then
        min = math.max(min, len)
      else
        for word in c.text:gmatch("[^%s%-/]+") do min = math.max(min, (utf8.len(word) or #word) * factor) end
      end
    end
    natural[j], least[j] = nat + 3, min + 3  -- + the cell's padding
    total_natural, total_least = total_natural + natural[j], total_least + least[j]
  end
  return natural, least, total_natural, total_least
end

local function typst_table(tbl)
  local natural, least, total_natural, total_least = column_widths(tbl)
  local small = false
  if total_natural <= CHARS_PER_LINE then
    for i, spec in ipairs(tbl.colspecs) do tbl.colspecs[i] = { spec[1], nil } end
  else
    -- what is left after every column's least width goes to the columns with longer text
    local spare = math.max(CHARS_PER_LINE - total_least, 0)
    local extra = 0
    for j = 1, #natural do extra = extra + (natural[j] - least[j]) end
    local widths, sum = {}, 0
    for j = 1, #natural do
      widths[j] = least[j] + (extra > 0 and spare * (natural[j] - least[j]) / extra or 0)
      sum = sum + widths[j]
    end
    for i, spec in ipairs(tbl.colspecs) do tbl.colspecs[i] = { spec[1], widths[i] / sum } end
    small = total_least > CHARS_PER_LINE
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for j, cell in ipairs(row.cells) do row.cells[j] = keep_numbers_whole(cell) end
    end
  end
  local open = "#block(breakable: " .. (count_rows(tbl) <= SHORT_ROWS and "false" or "true") .. ")["
  if small then open = open .. "\n#show table: set text(size: 7.5pt)" end
  return { raw(open), tbl, raw("]") }
end

local function lone_image(block)
  return block and (block.t == "Para" or block.t == "Plain") and #block.content == 1
    and block.content[1].t == "Image"
end

local function has_class(block, class)
  return block and block.t == "Div" and block.classes:includes(class)
end

local function chart(caption, image_para)
  local out = { raw("#levl-chart[") }
  if caption then
    for _, b in ipairs(caption.content) do table.insert(out, b) end
  end
  table.insert(out, pandoc.Plain(image_para.content))
  table.insert(out, raw("]"))
  return out
end

local function typst_blocks(blocks)
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local b, nxt = blocks[i], blocks[i + 1]
    if has_class(b, "figure-caption") and lone_image(nxt) then
      out:extend(chart(b, nxt))
      i = i + 2
    elseif lone_image(b) then
      out:extend(chart(nil, b))
      i = i + 1
    elseif has_class(b, "table-caption") or has_class(b, "figure-caption") then
      out:insert(raw("#block(sticky: true, breakable: false, above: 1.3em, below: 0.5em)[\n#set text(hyphenate: false)"))
      out:extend(b.content)
      out:insert(raw("]"))
      i = i + 1
    elseif has_class(b, "key-messages") then
      out:insert(raw("#block(width: 100%, inset: (x: 12pt, y: 9pt), radius: 3pt, fill: rgb(\"#eef4f9\"), "
        .. "stroke: (left: 3pt + rgb(\"#1b6ca8\")), breakable: false)["))
      out:extend(b.content)
      out:insert(raw("]"))
      i = i + 1
    elseif has_class(b, "keep-together") then  -- a short paragraph with its table: never one without the other
      out:insert(raw("#block(breakable: false, width: 100%)["))
      out:extend(b.content)
      out:insert(raw("]"))
      i = i + 1
    elseif b.t == "Para" and nxt and (nxt.t == "BulletList" or nxt.t == "OrderedList") and #nxt.content <= 6
        and pandoc.utils.stringify(b):match(":%s*$") then
      -- a sentence that announces a short list ("Redenen van de afgekeurde waarden:") stays with it: alone at
      -- the foot of a page, its list on the next, it read as unfinished
      out:insert(raw("#block(breakable: false, width: 100%)["))
      out:insert(b)
      out:insert(nxt)
      out:insert(raw("]"))
      i = i + 2
    elseif b.t == "Table" then
      local parts = typst_table(b)
      -- a short table keeps its source line ("Bron: …, n = 198.") on its page: alone at the top of the next
      -- page it read as belonging to nothing
      if count_rows(b) <= SHORT_ROWS and nxt and nxt.t == "Para" and pandoc.utils.stringify(nxt):match("^Bron") then
        table.insert(parts, #parts, nxt)
        i = i + 1
      end
      out:extend(parts)
      i = i + 1
    else
      out:insert(b)
      i = i + 1
    end
  end
  return out
end

-- HTML: a table wider than the text column scrolls inside its own box, not the whole page
local function html_table(tbl)
  return pandoc.Div({ tbl }, pandoc.Attr("", { "table-wrap" }))
end

function Pandoc(doc)
  if FORMAT:match("html") then
    doc = doc:walk({ Table = html_table })
  end
  if is_typst() then
    -- Divs nest (a key-messages box may hold a table): rewrite every block list, innermost first
    doc = doc:walk({ Blocks = typst_blocks })
  end
  return doc
end

return {
  { Inlines = Inlines },
  { Meta = Meta },
  { Pandoc = Pandoc },
}
