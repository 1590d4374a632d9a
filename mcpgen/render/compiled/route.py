# Generated from templates/route.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "744bda1a07c76f97989c85d12043ae2a9bcf3c3fa6d61e352f88041402f9da7e"

name = 'route.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_plan = resolve('plan')
    l_0_r = resolve('r')
    try:
        t_1 = environment.filters['y']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'y' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    if (not t_2(environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'route'))):
        pass
        l_0_r = environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'route')
        context.vars['r'] = l_0_r
        context.exported_vars.add('r')
        yield 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  namespace: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
        yield '\n  labels: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
        yield '\n  annotations: '
        yield str(t_1(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'annotations')))
        yield '\nspec:'
        if environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'host'):
            pass
            yield '\n  host: '
            yield str(t_1(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'host')))
        yield '\n  path: '
        yield str(t_1(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'path')))
        yield '\n  to: '
        yield str(t_1(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'to')))
        yield '\n  port: '
        yield str(t_1(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'port')))
        if environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'tls'):
            pass
            yield '\n  tls: '
            yield str(t_1(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'tls')))
    yield '\n'

blocks = {}
debug_info = '2=25&3=27&7=31&8=33&9=35&10=37&12=39&13=42&15=44&16=46&17=48&18=49&19=52'