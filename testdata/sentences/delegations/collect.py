#!/usr/bin/env python3
# Regenerates printed.tsv from ../shared/corpora: run from that folder:
#   cd ../shared/corpora && python3 ../../main/testdata/sentences/delegations/collect.py
import json,glob,re,csv,collections,os
rows=collections.OrderedDict()
def add(kind,src,s,exp=''):
    s=re.sub(r'\s+',' ',s).strip()
    if s: rows.setdefault((kind,src,s),exp)
for l in open('unsc-2020-speeches/speeches_2020.jsonl'):
    r=json.loads(l)
    for m in re.findall(r'\(([^()]+)\)',r['speaker_label_heuristic'] or ''):
        if not re.match(r'(spoke|interpretation|continued) ',m): add('label','unsc-2020-speeches/speeches_2020.jsonl',m)
for r in csv.DictReader(open('ungdc-subset/Speakers_by_session.csv',encoding='utf-8-sig')):
    add('label','ungdc-subset/Speakers_by_session.csv',r['Country'],r['ISO Code'].strip())
def walk(o,src):
    if isinstance(o,dict):
        for k,v in o.items():
            if k=='country_votes':
                for c in v: add('label',src,c)
            elif k=='state' and isinstance(v,str): add('label',src,v)
            else: walk(v,src)
    elif isinstance(o,list):
        for x in o: walk(x,src)
for f in sorted(glob.glob('raw-samples/parser-gold-fixtures/*.json')): walk(json.load(open(f)),'raw-samples/parser-gold-fixtures/'+os.path.basename(f))
lab=re.compile(r'^(?:The )?(?:Mr|Mrs|Ms|Miss|Dame|Sir|Dr|Monsignor|Archbishop|Cardinal|Sheikh|Prince|Princess|Baroness|Lord|Lady|Judge|M)\.?\s+[^\n():]{1,60}?\s*\(([^()\n]+)\)',re.M)
head=re.compile(r"^(In favour|Against|Abstaining|Abstentions|Votent pour|Votent contre|S'abstiennent)\s*:\s*(.*)$")
furn=re.compile(r'^(\d{2}-\d{5}.*|[AS]/\S+.*|\d+(/\d+)?|\s*|General Assembly.*session.*|Security Council.*year.*)$')
stop=re.compile(r':|[a-z]\.\s+[A-Z][a-z]+ [a-z]|\b(draft|resolution|was|were|votes?|received|adopted|retained|paragraph|rose|President)\b',re.I)
for f in sorted(glob.glob('raw-samples/verbatim-pdftotext/*.pdftotext.txt')):
    src='raw-samples/verbatim-pdftotext/'+os.path.basename(f)
    t=open(f,encoding='utf-8',errors='replace').read()
    for m in lab.finditer(t):
        s=m.group(1)
        if not re.match(r'(spoke|interpretation|continued|traduit|interpr)',s): add('label',src,s)
    lines=t.split('\n')
    i=0
    while i<len(lines):
        m=head.match(lines[i].strip())
        if not m: i+=1; continue
        body=[m.group(2)]
        i+=1
        while i<len(lines):
            ln=lines[i].strip()
            if head.match(ln): break
            if furn.match(ln): i+=1; continue
            if stop.search(ln): break
            body.append(ln); i+=1
        b=' '.join(body)
        b=re.sub(r'-\s+(?=[a-z])','',b)  # line-wrap hyphen before lower-case
        b=b.strip(' .')
        # cut where running text leaks in: a piece with a lower-case word that is not a name particle
        ok=[]
        for piece in re.split(r',|\.\s',b):
            if any(re.match(r"^[a-z]",w) and w not in ('and','the','of','de','et','du') and not re.match(r"^d['’]",w) for w in re.sub(r'[()]',' ',piece).split()):
                break
            ok.append(piece.strip())
        b=', '.join(x for x in ok if x)
        if b and b.lower()!='none': add('votes',src,b)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),'printed.tsv'),'w') as w:
    w.write('# kind\tsource (under ../shared/corpora)\tprinted\tcode given by the source\n')
    for (k,src,s),exp in rows.items(): w.write(f'{k}\t{src}\t{s}\t{exp}\n')
print(len(rows))
