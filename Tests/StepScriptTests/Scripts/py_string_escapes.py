import torch

# Python's backslash escapes, as its tokenizer reads them.
print('\N{BULLET} item', "\N{bullet}", '\N{GREEK SMALL LETTER ALPHA}\N{EM DASH}\N{RIGHTWARDS ARROW}')
print('\N{LATIN SMALL LETTER E WITH ACUTE}', '\N{CJK UNIFIED IDEOGRAPH-4E00}', '\N{HANGUL SYLLABLE GA}', '\N{SNAKE}')
print(repr('\N{LINE FEED}\N{BEL}\N{NO-BREAK SPACE}\N{SPACE}'), len('\N{EMOJI MODIFIER FITZPATRICK TYPE-1-2}'))
print('\777', repr('\0'), repr('\12'), '\101\102C', repr('\1234'), repr('\8'), repr('\08'))
print(repr('\a\b\f\v'), '\x41\u00e9\U0001F600', repr('\d'), "tab\there")
print(f'\N{BULLET} {1 + 1} \N{DEGREE SIGN}C', f"{'x'}\t\N{MULTIPLICATION SIGN}")
label = "\N{GREEK SMALL LETTER THETA}"
w = torch.tensor([0.5, 1.5])
for i, v in enumerate(w):
    print(f"{label}{i} \N{RIGHTWARDS ARROW} {v.item():.2f}")
print(r'\N{BULLET} stays', len(r'\777'), '''\N{BLACK STAR}
\N{WHITE STAR}''')
print('\u2022' == '\N{bullet}', '\777' == '\u01ff', repr('\N{ZERO WIDTH SPACE}\N{PARAGRAPH SEPARATOR}\N{SOFT HYPHEN}'))
