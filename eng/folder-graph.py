#!/usr/bin/env python3
"""Prints which folders of a C# project use types declared in which other folders, and any cycle among them.

Usage: python3 eng/folder-graph.py [src/Withings.Sdk] [--check]

A folder is the first path segment under the project (Parsing, Planning, Internal/Wire counts as Internal/Wire).
A type is "used" when its name appears as an identifier outside comments and string literals. With --check the
exit code is 1 when the graph has a cycle.
"""
import os
import re
import sys

DECL = re.compile(r'\b(?:class|struct|record|enum|interface)\s+([A-Z]\w*)')
IDENT = re.compile(r'\b[A-Z]\w*\b')
COMMENT = re.compile(r'//[^\n]*|/\*.*?\*/', re.S)
STRING = re.compile(r'@"(?:[^"]|"")*"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])\'')


def folder_of(root, path):
    rel = os.path.relpath(os.path.dirname(path), root).replace(os.sep, '/')
    if rel == '.':
        return '(root)'
    parts = rel.split('/')
    # Internal/<Name> is a folder of its own; elsewhere sub-folders belong to their top folder.
    return '/'.join(parts[:2]) if parts[0] == 'Internal' and len(parts) > 1 else parts[0]


def load(root):
    files = {}
    for directory, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ('bin', 'obj')]
        for name in names:
            if name.endswith('.cs'):
                path = os.path.join(directory, name)
                with open(path, encoding='utf-8') as handle:
                    files[path] = STRING.sub('""', COMMENT.sub('', handle.read()))
    return files


def graph(root):
    files = load(root)
    owner = {}
    for path, text in files.items():
        for name in DECL.findall(text):
            owner.setdefault(name, folder_of(root, path))
    edges = {}
    for path, text in files.items():
        source = folder_of(root, path)
        edges.setdefault(source, {})
        for name in set(IDENT.findall(text)):
            target = owner.get(name)
            if target is not None and target != source:
                edges[source].setdefault(target, set()).add(name)
    return edges


def cycles(edges):
    """Strongly connected components with more than one folder (Tarjan)."""
    index, low, stack, on, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on.add(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


def main(args):
    check = '--check' in args
    paths = [a for a in args if not a.startswith('--')]
    root = paths[0] if paths else 'src/Withings.Sdk'
    edges = graph(root)
    for source in sorted(edges):
        targets = edges[source]
        print(f"{source} -> " + (', '.join(sorted(targets)) if targets else '(nothing)'))
    found = cycles(edges)
    for component in found:
        print('cycle: ' + ' <-> '.join(component))
        for source in component:
            for target in sorted(edges[source]):
                if target in component:
                    print(f"  {source} -> {target}: {', '.join(sorted(edges[source][target]))}")
    if not found:
        print('no cycle')
    return 1 if check and found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
