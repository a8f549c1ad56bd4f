--[[ LEVL's report filter, run by both renderers (Pandoc: --lua-filter; Quarto: `filters` in
_quarto.yml), so that the two give the same document (issue 13, items 2 and 7).

All formats:
  * the period of the data collection goes under the title, with the date (both from the data);
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

-- "83,2" + " " + "%" → "83,2 %" joined by U+202F; "<" + " " + "0,001" → joined by U+00A0
function Inlines(inlines)
  local i = 1
  while i <= #inlines - 2 do
    local a, s, b = inlines[i], inlines[i + 1], inlines[i + 2]
    if a.t == "Str" and (s.t == "Space" or s.t == "SoftBreak") and b.t == "Str" then
      local joiner = nil
      if a.text:match("%d$") and b.text:match("^%%") then
        joiner = NNBSP
      elseif a.text:match("^[<>=]$") or a.text:match("^≤$") or a.text:match("^≥$") then
        if b.text:match("^%d") then joiner = NBSP end
      end
      if joiner then
        inlines[i] = pandoc.Str(a.text .. joiner .. b.text)
        inlines:remove(i + 1)
        inlines:remove(i + 1)
      else
        i = i + 1
      end
    else
      i = i + 1
    end
  end
  return inlines
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
    local date = pandoc.Inlines(meta.period)
    date:insert(pandoc.LineBreak())
    date:extend(pandoc.Inlines(meta.date))
    meta.date = pandoc.MetaInlines(date)
  end
  return meta
end

local function numeric(cell)
  local text = pandoc.utils.stringify(cell.contents)
  return text ~= "" and text:match("%d") ~= nil and text:match("%a") == nil
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

local function typst_table(tbl)
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], nil }
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for j, cell in ipairs(row.cells) do row.cells[j] = keep_numbers_whole(cell) end
    end
  end
  if count_rows(tbl) <= SHORT_ROWS then
    return { raw("#block(breakable: false)["), tbl, raw("]") }
  end
  return tbl
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
    elseif b.t == "Table" then
      local t = typst_table(b)
      if t.t == "Table" then out:insert(t) else out:extend(t) end
      i = i + 1
    else
      out:insert(b)
      i = i + 1
    end
  end
  return out
end

function Pandoc(doc)
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
