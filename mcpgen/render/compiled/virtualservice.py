# Generated from templates/virtualservice.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "d532c323f38fd238f81c31c8278f0c0bb7a97e9e88839135f8b431e25a9e8917"

name = 'virtualservice.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_plan = resolve('plan')
    l_0_v = resolve('v')
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
    if (not t_2(environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'virtualservice'))):
        pass
        l_0_v = environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'virtualservice')
        context.vars['v'] = l_0_v
        context.exported_vars.add('v')
        yield 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  namespace: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
        yield '\n  labels: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
        yield '\nspec:\n  hosts: '
        yield str(t_1(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'hosts')))
        if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gateways'):
            pass
            yield '\n  gateways: '
            yield str(t_1(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gateways')))
        yield '\n  http: '
        yield str(t_1(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'http')))
    yield '\n'

blocks = {}
debug_info = '2=25&3=27&7=31&8=33&9=35&11=37&12=38&13=41&15=43'