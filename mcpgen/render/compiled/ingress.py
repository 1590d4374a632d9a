# Generated from templates/ingress.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "44a9f465be9db404092910526c87db9537fc2c043010d956a887fe008a1fb8de"

name = 'ingress.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_plan = resolve('plan')
    l_0_i = resolve('i')
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
    if (not t_2(environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'ingress'))):
        pass
        l_0_i = environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'ingress')
        context.vars['i'] = l_0_i
        context.exported_vars.add('i')
        yield 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  namespace: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
        yield '\n  labels: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
        if environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'annotations'):
            pass
            yield '\n  annotations: '
            yield str(t_1(environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'annotations')))
        yield '\nspec:'
        if environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'ingressClassName'):
            pass
            yield '\n  ingressClassName: '
            yield str(t_1(environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'ingressClassName')))
        if environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'tls'):
            pass
            yield '\n  tls: '
            yield str(t_1(environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'tls')))
        yield '\n  rules: '
        yield str(t_1(environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'rules')))
    yield '\n'

blocks = {}
debug_info = '2=25&3=27&7=31&8=33&9=35&10=36&11=39&14=41&15=44&17=45&18=48&20=50'