# Generated from templates/httproute.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "19bca7c1245fba3e08fb96ac6f34f9fdafa78ba7f3d1ddc04d6021ccc2a34913"

name = 'httproute.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_plan = resolve('plan')
    l_0_h = resolve('h')
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
    if (not t_2(environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'httproute'))):
        pass
        l_0_h = environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'httproute')
        context.vars['h'] = l_0_h
        context.exported_vars.add('h')
        yield 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  namespace: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
        yield '\n  labels: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
        yield '\nspec:\n  parentRefs: '
        yield str(t_1(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'parentRefs')))
        if environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'hostnames'):
            pass
            yield '\n  hostnames: '
            yield str(t_1(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'hostnames')))
        yield '\n  rules: '
        yield str(t_1(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'rules')))
    yield '\n'

blocks = {}
debug_info = '2=25&3=27&7=31&8=33&9=35&11=37&12=38&13=41&15=43'