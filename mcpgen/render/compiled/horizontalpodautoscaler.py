# Generated from templates/horizontalpodautoscaler.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "d5d60d445d499c2ee850546f4e62df41ecded3924509bedae78cfbfc3294b192"

name = 'horizontalpodautoscaler.yaml.j2'

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
    if (not t_2(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'hpa'))):
        pass
        l_0_h = environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'hpa')
        context.vars['h'] = l_0_h
        context.exported_vars.add('h')
        yield 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  namespace: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
        yield '\n  labels: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
        yield '\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  minReplicas: '
        yield str(t_1(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'minReplicas')))
        yield '\n  maxReplicas: '
        yield str(t_1(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'maxReplicas')))
        yield '\n  metrics: '
        yield str(t_1(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'metrics')))
        if environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'behavior'):
            pass
            yield '\n  behavior: '
            yield str(t_1(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'behavior')))
    yield '\n'

blocks = {}
debug_info = '1=25&2=27&6=31&7=33&8=35&13=37&14=39&15=41&16=43&17=44&18=47'